using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Staff;

/// <summary>One 圏域 of the needs-vs-resources view: counts over its whole subtree.</summary>
public sealed record NeedsRow(
    int AreaId, string Name, bool HasChildren, int? Population65, int Issues, int Places, int Sessions, int Volunteers, int UnfilledShifts,
    string? BoundaryGeoJson)
{
    /// <summary>Per 1,000 people aged 65+; null where the 65+ population is unknown (shown as "—").</summary>
    public double? PerThousand65(int count) => Population65 is > 0 ? count * 1000.0 / Population65.Value : null;

    public double? IssuesPer1000 => PerThousand65(Issues);

    public double? PlacesPer1000 => PerThousand65(Places);

    public double? SessionsPer1000 => PerThousand65(Sessions);
}

/// <summary>The sortable columns; the query string names them.</summary>
public static class NeedsColumns
{
    public const string Name = "name";
    public const string Population65 = "pop65";
    public const string Issues = "issues";
    public const string IssuesPer1000 = "issues65";
    public const string Places = "places";
    public const string PlacesPer1000 = "places65";
    public const string Sessions = "sessions";
    public const string SessionsPer1000 = "sessions65";
    public const string Volunteers = "volunteers";
    public const string UnfilledShifts = "shifts";

    public static readonly string[] All = [Name, Population65, Issues, IssuesPer1000, Places, PlacesPer1000, Sessions, SessionsPer1000, Volunteers, UnfilledShifts];

    /// <summary>Columns a choropleth can colour by.</summary>
    public static readonly string[] Mappable = [IssuesPer1000, PlacesPer1000, SessionsPer1000];

    public static IEnumerable<NeedsRow> Sort(IEnumerable<NeedsRow> rows, string sort, bool descending)
    {
        // Unknown values ("—") always sort last, whichever the direction.
        Func<NeedsRow, double?> key = sort switch
        {
            Population65 => r => r.Population65,
            Issues => r => r.Issues,
            IssuesPer1000 => r => r.IssuesPer1000,
            Places => r => r.Places,
            PlacesPer1000 => r => r.PlacesPer1000,
            Sessions => r => r.Sessions,
            SessionsPer1000 => r => r.SessionsPer1000,
            Volunteers => r => r.Volunteers,
            UnfilledShifts => r => r.UnfilledShifts,
            _ => _ => null,
        };
        if (sort == Name || !All.Contains(sort))
        {
            return descending ? rows.OrderByDescending(r => r.Name, StringComparer.Ordinal) : rows.OrderBy(r => r.Name, StringComparer.Ordinal);
        }

        var known = rows.OrderBy(r => key(r) is null);
        return descending
            ? known.ThenByDescending(r => key(r)).ThenBy(r => r.Name, StringComparer.Ordinal)
            : known.ThenBy(r => key(r)).ThenBy(r => r.Name, StringComparer.Ordinal);
    }

    public static double? Value(NeedsRow row, string column) => column switch
    {
        IssuesPer1000 => row.IssuesPer1000,
        PlacesPer1000 => row.PlacesPer1000,
        SessionsPer1000 => row.SessionsPer1000,
        _ => null,
    };

    public static string Format(double? value) => value is double v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "—";
}

public sealed record NeedsQuery(DateOnly From, DateOnly To, int? CategoryId, int? SkillId, string? Level, DateOnly SessionMonth, DateTimeOffset Now);

/// <summary>
/// Needs vs resources per 圏域: 地域課題 beside 居場所, サロン sessions, volunteers and unfilled shifts, each row aggregating
/// its subtree. One statement: every area of the subtree is mapped to its row once, then each source is grouped by that
/// map — no per-row queries, whatever the number of areas.
/// </summary>
public sealed class NeedsAndResources(TsunagariDbContext db)
{
    /// <summary>The level names below <paramref name="area"/>, nearest first (the choices of the 圏域 level).</summary>
    public async Task<List<string>> LevelsBelowAsync(ScopeArea area, CancellationToken ct)
    {
        var prefix = area.Path + ".";
        var levels = await db.Areas.Where(a => a.Path.StartsWith(prefix)).GroupBy(a => a.Level)
            .Select(g => new { Level = g.Key, Depth = g.Min(a => a.Depth) }).ToListAsync(ct);
        return levels.OrderBy(l => l.Depth).ThenBy(l => l.Level, StringComparer.Ordinal).Select(l => l.Level).ToList();
    }

    public async Task<List<NeedsRow>> QueryAsync(ScopeArea area, NeedsQuery query, CancellationToken ct)
    {
        var sessionEnd = query.SessionMonth.AddMonths(1);
        return await DashboardSql.QueryAsync(db, $"""
            WITH rows AS (
                SELECT r.id, r.name, r.path, r.population65, r.boundary_geo_json::text AS boundary,
                       EXISTS (SELECT 1 FROM areas c WHERE c.parent_id = r.id) AS has_children
                FROM areas r
                WHERE CASE WHEN @level::text IS NULL THEN r.parent_id = @area
                           ELSE r.level = @level AND r.path LIKE @path || '.%' END
            ),
            map AS (
                SELECT a.id AS area_id, r.id AS row_id
                FROM areas a JOIN rows r ON a.path = r.path OR a.path LIKE r.path || '.%'
            ),
            issues AS (
                -- issue_rollups (issue 8a) counts each issue under every ancestor: a row's own rollup rows are its subtree.
                SELECT ir.area_id AS row_id, sum(ir.issue_count) AS n
                FROM issue_rollups ir JOIN rows r ON r.id = ir.area_id
                WHERE ir.month BETWEEN @from AND @to AND (@category::int IS NULL OR ir.category_id = @category)
                GROUP BY ir.area_id
            ),
            places AS (
                SELECT m.row_id, count(*) AS n FROM places p JOIN map m ON m.area_id = p.area_id
                WHERE p.status = 'Published' GROUP BY m.row_id
            ),
            sessions AS (
                SELECT m.row_id, count(*) AS n
                FROM salon_sessions ss JOIN salons sa ON sa.id = ss.salon_id JOIN map m ON m.area_id = sa.area_id
                WHERE ss.date >= @sessionFrom AND ss.date < @sessionTo AND NOT ss.is_cancelled
                GROUP BY m.row_id
            ),
            volunteers AS (
                SELECT m.row_id, count(DISTINCT v.user_id) AS n
                FROM volunteer_profiles v CROSS JOIN LATERAL unnest(v.area_ids) AS va(area_id) JOIN map m ON m.area_id = va.area_id
                WHERE v.accepts_invitations AND (@skill::int IS NULL OR v.skill_ids @> ARRAY[@skill::int])
                GROUP BY m.row_id
            ),
            shifts AS (
                SELECT m.row_id, count(*) AS n
                FROM volunteer_shifts sh JOIN volunteer_opportunities o ON o.id = sh.opportunity_id JOIN map m ON m.area_id = o.area_id
                WHERE sh.starts_at > @now AND sh.confirmed_count < sh.slots AND o.is_published
                GROUP BY m.row_id
            )
            SELECT r.id, r.name, r.has_children, r.population65,
                   COALESCE(i.n, 0)::int, COALESCE(p.n, 0)::int, COALESCE(s.n, 0)::int, COALESCE(v.n, 0)::int, COALESCE(sh.n, 0)::int,
                   r.boundary
            FROM rows r
            LEFT JOIN issues i ON i.row_id = r.id
            LEFT JOIN places p ON p.row_id = r.id
            LEFT JOIN sessions s ON s.row_id = r.id
            LEFT JOIN volunteers v ON v.row_id = r.id
            LEFT JOIN shifts sh ON sh.row_id = r.id
            """,
            p =>
            {
                p.AddWithValue("area", area.Id);
                p.AddWithValue("path", area.Path);
                p.AddWithValue("level", NpgsqlDbType.Text, (object?)query.Level ?? DBNull.Value);
                p.AddWithValue("from", NpgsqlDbType.Date, query.From);
                p.AddWithValue("to", NpgsqlDbType.Date, query.To);
                p.AddWithValue("category", NpgsqlDbType.Integer, (object?)query.CategoryId ?? DBNull.Value);
                p.AddWithValue("skill", NpgsqlDbType.Integer, (object?)query.SkillId ?? DBNull.Value);
                p.AddWithValue("sessionFrom", NpgsqlDbType.Date, query.SessionMonth);
                p.AddWithValue("sessionTo", NpgsqlDbType.Date, sessionEnd);
                p.AddWithValue("now", NpgsqlDbType.TimestampTz, query.Now.UtcDateTime);
            },
            r => new NeedsRow(
                r.GetInt32(0), r.GetString(1), r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetInt32(3),
                r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.IsDBNull(9) ? null : r.GetString(9)),
            ct);
    }
}
