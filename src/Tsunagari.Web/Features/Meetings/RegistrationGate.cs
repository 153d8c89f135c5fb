namespace Tsunagari.Web.Features.Meetings;

/// <summary>
/// How many registrations of this app instance talk to the database at once (ADR 020). When hundreds arrive together
/// (a popular meeting opens), the rest wait here, in order, instead of in PostgreSQL: every registration locks the same
/// meeting row, and a hundred backends taking turns at it on a few cores get far less done than a handful do.
/// Throughput only — correctness stays in the database (the conditional claim, the locks, the unique index).
/// </summary>
public sealed class RegistrationGate(IConfiguration configuration) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Limit(configuration));

    /// <summary><c>Meetings:ConcurrentRegistrations</c>; by default twice the cores, at least 4.</summary>
    public static int Limit(IConfiguration configuration) =>
        Math.Max(1, configuration.GetValue("Meetings:ConcurrentRegistrations", Math.Max(4, 2 * Environment.ProcessorCount)));

    /// <summary>Waits for a slot (asynchronous waiters are served first come, first served); dispose the result to leave.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
