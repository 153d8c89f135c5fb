using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Features.Volunteering;
using Tsunagari.Web.Infrastructure.Audit;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Agenda;

public sealed class StatusForm
{
    public AgendaStatus? Status { get; set; }

    /// <summary>The version the coordinator saw; a stale one is refused (409).</summary>
    public uint? Version { get; set; }

    public string? Note { get; set; }

    public Guid FormKey { get; set; }
}

public sealed class FollowUpForm
{
    /// <summary>YYYY-MM-DD; today when empty.</summary>
    public string? Date { get; set; }

    public string? Note { get; set; }

    public Guid FormKey { get; set; }
}

public sealed class ResourceForm
{
    /// <summary><c>Place-12</c>, <c>Salon-3</c> or <c>Opportunity-7</c> (one select over the three kinds).</summary>
    public string? Resource { get; set; }

    public bool TryParse(out AgendaResourceKind kind, out int id)
    {
        id = 0;
        kind = default;
        var parts = Resource?.Split('-', 2);
        return parts is { Length: 2 }
            && Enum.TryParse(parts[0], ignoreCase: false, out kind) && Enum.IsDefined(kind)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}

/// <summary>
/// The follow-up side of an agenda item: status changes (optimistic concurrency on xmin, recorded as a follow-up note),
/// dated notes (append-only) and links to the 居場所, サロン or ボランティア募集 that came out of it.
/// </summary>
public sealed class FollowUpAgendaItem(TsunagariDbContext db, AreaAccess access, AuditLog audit, TimeProvider clock)
{
    public abstract record Result
    {
        public sealed record Done : Result;

        public sealed record NotFound : Result;

        public sealed record Conflict(string Message) : Result;

        public sealed record HasPersonalData(string Field, IReadOnlyList<PersonalDataFinding> Findings) : Result;

        public sealed record Invalid(string Field, string Message) : Result;
    }

    /// <summary>The item when the user may run agenda items in its area; null otherwise (answer 404).</summary>
    public async Task<AgendaItem?> FindAsync(ClaimsPrincipal user, int id, CancellationToken ct)
    {
        var item = await db.Set<AgendaItem>().SingleOrDefaultAsync(a => a.Id == id, ct);
        return item is not null && await access.CanAsync(user, Permission.ViewCoordinatorDashboard, item.AreaId, ct) ? item : null;
    }

    public async Task<Result> ChangeStatusAsync(ClaimsPrincipal user, int id, StatusForm form, CancellationToken ct)
    {
        var item = await FindAsync(user, id, ct);
        if (item is null)
        {
            return new Result.NotFound();
        }

        if (form.Status is not AgendaStatus status || !Enum.IsDefined(status))
        {
            return new Result.Invalid(nameof(form.Status), "状態を一覧から選んでください。");
        }

        var note = form.Note?.Trim() ?? "";
        if (note.Length > AgendaLimits.Note)
        {
            return new Result.Invalid(nameof(form.Note), "メモは1000文字までで入力してください。");
        }

        if (PersonalDataDetector.Find(note) is { Count: > 0 } findings)
        {
            return new Result.HasPersonalData(nameof(form.Note), findings);
        }

        if (await AlreadySavedAsync(form.FormKey, ct))
        {
            return new Result.Done();
        }

        if (form.Version is not uint version || version != item.Version)
        {
            return new Result.Conflict("ほかの方が先にこの議題を変えました。いまの内容を確かめてから、もう一度変えてください。");
        }

        if (status == item.Status)
        {
            return new Result.Invalid(nameof(form.Status), "いまと同じ状態です。別の状態を選んでください。");
        }

        db.Entry(item).Property(a => a.Version).OriginalValue = version;
        var now = clock.GetUtcNow();
        item.Status = status;
        item.UpdatedAt = now;
        UserGrants.TryGetUserId(user, out var userId);
        db.Add(new AgendaFollowUp
        {
            AgendaItemId = item.Id, Date = JapanTime.Today(clock), Note = note, StatusChangedTo = status,
            CreatedAt = now, CreatedBy = userId, FormKey = NullIfEmpty(form.FormKey),
        });
        audit.Add(user, AgendaAudit.StatusChanged, "agenda_item", item.Id.ToString(CultureInfo.InvariantCulture), item.AreaId, $"status={status}");
        return await SaveAsync(form.FormKey, ct);
    }

    public async Task<Result> AddFollowUpAsync(ClaimsPrincipal user, int id, FollowUpForm form, CancellationToken ct)
    {
        var item = await FindAsync(user, id, ct);
        if (item is null)
        {
            return new Result.NotFound();
        }

        var today = JapanTime.Today(clock);
        var date = today;
        if (!string.IsNullOrWhiteSpace(form.Date)
            && (!DateOnly.TryParseExact(form.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
                || date > today || date < today.AddYears(-5)))
        {
            return new Result.Invalid(nameof(form.Date), "日付は、今日までの日を 2026-12-01 のように入力してください。");
        }

        var note = form.Note?.Trim() ?? "";
        if (note.Length is 0 or > AgendaLimits.Note)
        {
            return new Result.Invalid(nameof(form.Note), "経過のメモを1000文字までで入力してください。");
        }

        if (PersonalDataDetector.Find(note) is { Count: > 0 } findings)
        {
            return new Result.HasPersonalData(nameof(form.Note), findings);
        }

        if (await AlreadySavedAsync(form.FormKey, ct))
        {
            return new Result.Done();
        }

        UserGrants.TryGetUserId(user, out var userId);
        db.Add(new AgendaFollowUp
        {
            AgendaItemId = item.Id, Date = date, Note = note, CreatedAt = clock.GetUtcNow(), CreatedBy = userId, FormKey = NullIfEmpty(form.FormKey),
        });
        item.UpdatedAt = clock.GetUtcNow();
        audit.Add(user, AgendaAudit.FollowUpAdded, "agenda_item", item.Id.ToString(CultureInfo.InvariantCulture), item.AreaId);
        return await SaveAsync(form.FormKey, ct);
    }

    public async Task<Result> LinkResourceAsync(ClaimsPrincipal user, int id, ResourceForm form, CancellationToken ct)
    {
        var item = await FindAsync(user, id, ct);
        if (item is null)
        {
            return new Result.NotFound();
        }

        if (!form.TryParse(out var kind, out var resourceId))
        {
            return new Result.Invalid(nameof(form.Resource), "つなげる居場所・サロン・ボランティア募集を選んでください。");
        }

        int? areaId = kind switch
        {
            AgendaResourceKind.Place => await db.Set<Place>().Where(p => p.Id == resourceId).Select(p => (int?)p.AreaId).SingleOrDefaultAsync(ct),
            AgendaResourceKind.Salon => await db.Set<Salon>().Where(s => s.Id == resourceId).Select(s => (int?)s.AreaId).SingleOrDefaultAsync(ct),
            _ => await db.Set<Opportunity>().Where(o => o.Id == resourceId).Select(o => (int?)o.AreaId).SingleOrDefaultAsync(ct),
        };
        if (areaId is not int resourceArea || !await access.CanAsync(user, Permission.ViewCoordinatorDashboard, resourceArea, ct))
        {
            return new Result.Invalid(nameof(form.Resource), "その居場所・サロン・ボランティア募集は、あなたの地域に見つかりません。");
        }

        var exists = await db.Set<AgendaResource>().AnyAsync(r => r.AgendaItemId == item.Id
            && (kind == AgendaResourceKind.Place ? r.PlaceId == resourceId : kind == AgendaResourceKind.Salon ? r.SalonId == resourceId : r.OpportunityId == resourceId), ct);
        if (exists)
        {
            return new Result.Done();
        }

        UserGrants.TryGetUserId(user, out var userId);
        db.Add(new AgendaResource
        {
            AgendaItemId = item.Id,
            PlaceId = kind == AgendaResourceKind.Place ? resourceId : null,
            SalonId = kind == AgendaResourceKind.Salon ? resourceId : null,
            OpportunityId = kind == AgendaResourceKind.Opportunity ? resourceId : null,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = userId,
        });
        item.UpdatedAt = clock.GetUtcNow();
        audit.Add(user, AgendaAudit.ResourceLinked, "agenda_item", item.Id.ToString(CultureInfo.InvariantCulture), item.AreaId, $"{kind}={resourceId}");
        return await SaveAsync(Guid.Empty, ct);
    }

    private async Task<bool> AlreadySavedAsync(Guid formKey, CancellationToken ct) =>
        formKey != Guid.Empty && await db.Set<AgendaFollowUp>().AnyAsync(f => f.FormKey == formKey, ct);

    private async Task<Result> SaveAsync(Guid formKey, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return new Result.Done();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new Result.Conflict("ほかの方が先にこの議題を変えました。いまの内容を確かめてから、もう一度変えてください。");
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // The same form arrived twice at once (follow-up form key) or the same resource was linked twice: one row stands.
            db.ChangeTracker.Clear();
            return formKey == Guid.Empty || await AlreadySavedAsync(formKey, ct)
                ? new Result.Done()
                : new Result.Conflict("同時にほかの変更がありました。もう一度確かめてください。");
        }
    }

    private static Guid? NullIfEmpty(Guid key) => key == Guid.Empty ? null : key;
}
