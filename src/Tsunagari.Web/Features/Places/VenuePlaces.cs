using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Shared;

namespace Tsunagari.Web.Features.Places;

/// <summary>
/// A 居場所 as the venue of a salon, a town meeting or a volunteering opportunity. Everything goes through
/// <see cref="PublicPlaces"/>: only published, public places can be chosen, and pages show a place only as the public
/// may see it (no 番地 of a reduced-precision place, nothing of a 非公開 one).
/// </summary>
public sealed class VenuePlaces(PublicPlaces places, TsunagariDbContext db, IStringLocalizer<SharedResource> l)
{
    /// <summary>The places staff may choose for records in these areas (the ids of whole subtrees), grouped by area.</summary>
    public Task<IReadOnlyList<VenuePlaceOption>> OptionsAsync(IReadOnlyList<AreaListItem> areas, CancellationToken ct) =>
        OptionsAsync(areas.Select(a => a.Id).ToArray(), ct);

    /// <summary>The places in these areas (not below them: pass a whole subtree), grouped by area.</summary>
    public async Task<IReadOnlyList<VenuePlaceOption>> OptionsAsync(int[] ids, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        return await places.Query().Where(p => ids.Contains(p.AreaId))
            .OrderBy(p => p.AreaPath).ThenBy(p => p.NameKana == "" ? p.Name : p.NameKana).ThenBy(p => p.Id)
            .Select(p => new VenuePlaceOption(p.Id, p.Name, p.AreaName, p.AreaId))
            .ToListAsync(ct);
    }

    /// <summary>Null when the place may be the venue of a record in <paramref name="areaId"/>; otherwise the reason, in Japanese.</summary>
    public async Task<string?> CheckAsync(int placeId, int areaId, CancellationToken ct)
    {
        var placePath = await places.Query().Where(p => p.Id == placeId).Select(p => p.AreaPath).SingleOrDefaultAsync(ct);
        if (placePath is null)
        {
            return l["選んだ居場所は見つからないか、公開されていません。一覧から選び直してください。"].Value;
        }

        var areaPath = await db.Areas.Where(a => a.Id == areaId).Select(a => a.Path).SingleOrDefaultAsync(ct);
        return areaPath is not null && Area.Covers(areaPath, placePath)
            ? null
            : l["選んだ居場所は、この地域の中にありません。同じ地域の居場所を選んでください。"].Value;
    }

    /// <summary>The place as the public may see it, or null (none chosen, or no longer published and public).</summary>
    public async Task<PublicPlace?> ForDisplayAsync(int? placeId, CancellationToken ct) =>
        placeId is int id ? await places.FindAsync(id, ct) : null;
}

public sealed record VenuePlaceOption(int Id, string Name, string AreaName, int AreaId);

/// <summary>
/// Model of <c>_VenuePlaceSelect.cshtml</c>: the &lt;select&gt; of places in a staff form. <paramref name="IsVenue"/>:
/// a venue picker next to free-text fields (choosing none is fine); otherwise a place must be chosen.
/// </summary>
public sealed record VenuePlaceSelect(IReadOnlyList<VenuePlaceOption> Options, int? Selected, string? Error, string Label, bool IsVenue = true);
