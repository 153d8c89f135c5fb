using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Volunteering;

namespace Tsunagari.Web.Features.Agenda;

public sealed record AgendaListItem(int Id, string Title, string AreaName, DateOnly MeetingDate, AgendaStatus Status, int IssueCount, int FollowUpCount, int ResourceCount);

public sealed record AgendaPage(IReadOnlyList<AgendaListItem> Rows, AgendaStatus? Status, int Page, int PageCount, int Total);

public sealed record AgendaFollowUpItem(DateOnly Date, string Note, AgendaStatus? StatusChangedTo, DateTimeOffset CreatedAt);

/// <summary>A resource an item led to. <see cref="Name"/> is null when the council may not see it (非公開).</summary>
public sealed record AgendaResourceItem(AgendaResourceKind Kind, int Id, string? Name, bool IsPublic);

public sealed record AgendaDetail(
    int Id, int AreaId, string Title, string AreaName, DateOnly MeetingDate, string Description, AgendaStatus Status, int IssueCount,
    DateTimeOffset UpdatedAt, IReadOnlyList<AgendaFollowUpItem> FollowUps, IReadOnlyList<AgendaResourceItem> Resources);

/// <summary>Reads shared by the coordinator and the council pages: counts of issues, never their rows.</summary>
public static class AgendaQueries
{
    public static async Task<AgendaPage> PageAsync(TsunagariDbContext db, int[] areaIds, AgendaStatus? status, int page, int pageSize, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var query = db.Set<AgendaItem>().AsNoTracking().Where(a => areaIds.Contains(a.AreaId));
        if (status is AgendaStatus s && Enum.IsDefined(s))
        {
            query = query.Where(a => a.Status == s);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.MeetingDate).ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new AgendaListItem(a.Id, a.Title, a.Area!.Name, a.MeetingDate, a.Status, a.IssueCount,
                db.Set<AgendaFollowUp>().Count(f => f.AgendaItemId == a.Id),
                db.Set<AgendaResource>().Count(r => r.AgendaItemId == a.Id)))
            .ToListAsync(ct);
        return new AgendaPage(rows, status, page, Math.Max(1, (total + pageSize - 1) / pageSize), total);
    }

    public static async Task<AgendaDetail?> DetailAsync(TsunagariDbContext db, int id, bool publicNamesOnly, CancellationToken ct)
    {
        var item = await db.Set<AgendaItem>().AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Id, a.AreaId, a.Title, Area = a.Area!.Name, a.MeetingDate, a.Description, a.Status, a.IssueCount, a.UpdatedAt })
            .SingleOrDefaultAsync(ct);
        if (item is null)
        {
            return null;
        }

        var followUps = await db.Set<AgendaFollowUp>().AsNoTracking().Where(f => f.AgendaItemId == id)
            .OrderBy(f => f.Date).ThenBy(f => f.Id)
            .Select(f => new AgendaFollowUpItem(f.Date, f.Note, f.StatusChangedTo, f.CreatedAt))
            .ToListAsync(ct);
        var links = db.Set<AgendaResource>().AsNoTracking().Where(r => r.AgendaItemId == id);
        var places = await links.Where(r => r.PlaceId != null).Join(db.Set<Place>(), r => r.PlaceId, p => p.Id, (r, p) => new
            {
                p.Id, p.Name, IsPublic = p.Status == PlaceStatus.Published && p.Visibility == PlaceVisibility.Public,
            }).ToListAsync(ct);
        var salons = await links.Where(r => r.SalonId != null).Join(db.Set<Salon>(), r => r.SalonId, s => s.Id, (r, s) => new { s.Id, s.Name, s.IsPublic })
            .ToListAsync(ct);
        var opportunities = await links.Where(r => r.OpportunityId != null).Join(db.Set<Opportunity>(), r => r.OpportunityId, o => o.Id, (r, o) => new
            {
                o.Id, Name = o.Title, IsPublic = o.IsPublished,
            }).ToListAsync(ct);
        var resources = places.Select(p => new AgendaResourceItem(AgendaResourceKind.Place, p.Id, Visible(p.Name, p.IsPublic), p.IsPublic))
            .Concat(salons.Select(s => new AgendaResourceItem(AgendaResourceKind.Salon, s.Id, Visible(s.Name, s.IsPublic), s.IsPublic)))
            .Concat(opportunities.Select(o => new AgendaResourceItem(AgendaResourceKind.Opportunity, o.Id, Visible(o.Name, o.IsPublic), o.IsPublic)))
            .ToList();
        return new AgendaDetail(item.Id, item.AreaId, item.Title, item.Area, item.MeetingDate, item.Description, item.Status, item.IssueCount,
            item.UpdatedAt, followUps, resources);

        string? Visible(string name, bool isPublic) => isPublic || !publicNamesOnly ? name : null;
    }

    /// <summary>Progress in steps for the council: 検討中 1, 資源づくり中 2, 実施中 3, 解決 4 (of 4); 見送り has none.</summary>
    public static int? Step(AgendaStatus status) => status switch
    {
        AgendaStatus.Considering => 1,
        AgendaStatus.BuildingResources => 2,
        AgendaStatus.Running => 3,
        AgendaStatus.Resolved => 4,
        _ => null,
    };

    public static string Label(AgendaStatus status) => status switch
    {
        AgendaStatus.Considering => "検討中",
        AgendaStatus.BuildingResources => "資源づくり中",
        AgendaStatus.Running => "実施中",
        AgendaStatus.Resolved => "解決",
        _ => "見送り",
    };

    public static string Label(AgendaResourceKind kind) => kind switch
    {
        AgendaResourceKind.Place => "居場所",
        AgendaResourceKind.Salon => "サロン",
        _ => "ボランティア募集",
    };

    /// <summary>The public page of a resource.</summary>
    public static string PublicUrl(AgendaResourceKind kind, int id) => kind switch
    {
        AgendaResourceKind.Place => $"/places/{id}",
        AgendaResourceKind.Salon => $"/salons/{id}",
        _ => $"/volunteer/{id}",
    };
}
