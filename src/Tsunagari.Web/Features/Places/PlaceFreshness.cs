using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Email;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Places;

/// <summary>Section <c>Places:Freshness</c>.</summary>
public sealed class PlaceFreshnessOptions
{
    public const string Section = "Places:Freshness";

    /// <summary>A published place unconfirmed this long is flagged and its organizer reminded (once per period).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 60)]
    public int StaleAfterMonths { get; set; } = 6;

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the "still accurate" link in the mail works.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// Finds published places nobody confirmed for <see cref="PlaceFreshnessOptions.StaleAfterMonths"/>, flags them for
/// the coordinators and mails the organizer a one-click signed "still accurate" link and an edit link. Rows are
/// claimed with <c>FOR UPDATE SKIP LOCKED</c>, so two app instances never send the same reminder.
/// </summary>
public sealed class FlagStalePlaces(
    TsunagariDbContext db,
    MailOutbox outbox,
    SignedLinks links,
    PlaceHistory history,
    IOptions<PlaceFreshnessOptions> options,
    IOptions<SiteOptions> site,
    IStringLocalizer<FlagStalePlaces> l,
    TimeProvider clock)
{
    public const string LinkPurpose = "place-still-accurate";

    public async Task<int> HandleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddMonths(-options.Value.StaleAfterMonths);
        var strategy = db.Database.CreateExecutionStrategy();
        var count = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var places = await db.Set<Place>().FromSql($"""
                SELECT *, xmin FROM places
                WHERE status = 'Published' AND last_confirmed_at < {cutoff}
                  AND (last_reminder_at IS NULL OR last_reminder_at < {cutoff})
                ORDER BY id
                LIMIT 200
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            var organizerIds = places.Where(p => p.OrganizerId != null).Select(p => p.OrganizerId!.Value).Distinct().ToList();
            var organizers = await db.Users.Where(u => organizerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
            foreach (var place in places)
            {
                place.StaleSince ??= now;
                place.LastReminderAt = now;
                history.Record(place, PlaceActions.FlaggedStale, actor: null);
                if (place.OrganizerId is Guid organizerId && organizers.TryGetValue(organizerId, out var organizer) && organizer.Email is { } email)
                {
                    var token = links.Create(LinkPurpose, TokenPayload(place), options.Value.LinkLifetime);
                    var confirm = Link($"/places/confirm?token={Uri.EscapeDataString(token)}");
                    var edit = Link($"/staff/places/{place.Id}/edit");
                    var lastConfirmed = place.LastConfirmedAt.ToJapan().ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
                    outbox.Enqueue(email, organizer.DisplayName, l["【つながり】「{0}」の情報は今も正しいですか", place.Name],
                        l["{0} さん\n\n「{1}」の情報は、{2}から確認されていません。\n\n今も正しいときは、次のリンクを開いて「今も正しい」を押してください（1回押すだけです）。\n{3}\n\n変わったところがあるときは、こちらから直してください（サインインが必要です）。\n{4}\n\nリンクは{5}日間使えます。", organizer.DisplayName, place.Name, lastConfirmed, confirm, edit, (int)options.Value.LinkLifetime.TotalDays]);
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return places.Count;
        });
        if (count > 0)
        {
            await history.EvictAsync(ct);
        }

        return count;
    }

    /// <summary>The link names the place and its organizer at the time: a handed-over listing needs a new link.</summary>
    public static string TokenPayload(Place place) =>
        string.Create(CultureInfo.InvariantCulture, $"{place.Id}:{place.OrganizerId}");

    private string Link(string pathAndQuery) => new Uri(site.Value.BaseUrl ?? new Uri("http://localhost"), pathAndQuery).ToString();
}

/// <summary>The organizer's one click on "still accurate" (the signed link from the freshness mail).</summary>
public sealed class ConfirmPlace(TsunagariDbContext db, SignedLinks links, PlaceHistory history, TimeProvider clock)
{
    /// <summary>The place the token is for, or null when the token is expired, tampered with or no longer fits.</summary>
    public async Task<Place?> ReadAsync(string? token, CancellationToken ct)
    {
        var payload = links.Read(FlagStalePlaces.LinkPurpose, token);
        var parts = payload?.Split(':');
        if (parts is not { Length: 2 } || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var place = await db.Set<Place>().SingleOrDefaultAsync(p => p.Id == id, ct);
        return place is not null && FlagStalePlaces.TokenPayload(place) == payload && place.Status == PlaceStatus.Published ? place : null;
    }

    public async Task<Place?> HandleAsync(string? token, CancellationToken ct)
    {
        var place = await ReadAsync(token, ct);
        if (place is null)
        {
            return null;
        }

        place.LastConfirmedAt = clock.GetUtcNow();
        place.StaleSince = null;
        history.Record(place, PlaceActions.Confirmed, actor: null, "メールのリンクから");
        await history.SaveAsync(ct);
        return place;
    }
}

/// <summary>Runs <see cref="FlagStalePlaces"/> every <see cref="PlaceFreshnessOptions.CheckInterval"/>.</summary>
public sealed class PlaceFreshnessService(IServiceScopeFactory scopes, IOptions<PlaceFreshnessOptions> options, TimeProvider clock, ILogger<PlaceFreshnessService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<FlagStalePlaces>().HandleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database outage must not end the service; the next tick tries again.
                logger.LogWarning(e, "Checking place freshness failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
