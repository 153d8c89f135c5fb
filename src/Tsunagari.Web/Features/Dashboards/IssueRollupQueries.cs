using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.LocalIssues;

namespace Tsunagari.Web.Features.Dashboards;

/// <summary>The dimensions a count can be broken down by; the ones not asked for are summed over.</summary>
[Flags]
public enum IssueDimensions
{
    None = 0,
    Area = 1,
    Category = 2,
    Field = 4,
    Month = 8,
    Status = 16,
    All = Area | Category | Field | Month | Status,
}

/// <summary>
/// Counts of 地域課題 in the subtree of <paramref name="AreaId"/>, each counted under its ancestor at depth
/// <paramref name="Level"/> (0 = a root; the scope area's own depth gives one row per combination for the whole scope),
/// for the months <paramref name="FromMonth"/>..<paramref name="ToMonth"/> inclusive (any day in the month will do).
/// </summary>
public sealed record IssueCountQuery(int AreaId, int Level, DateOnly FromMonth, DateOnly ToMonth, IssueDimensions GroupBy = IssueDimensions.All)
{
    /// <summary>Only these statuses (all when null or empty).</summary>
    public IReadOnlyCollection<IssueStatus>? Statuses { get; init; }
}

/// <summary>One count; a dimension that was summed over is null.</summary>
public sealed record IssueCount(int? AreaId, int? CategoryId, IssueField? Field, DateOnly? Month, IssueStatus? Status, int Count);

/// <summary>Reads <see cref="IssueRollup"/>: the only way dashboards, open data and the council API count 地域課題.</summary>
public sealed class IssueRollupQueries(TsunagariDbContext db)
{
    /// <summary>
    /// Non-zero counts, ordered by the grouped dimensions. Empty when the area does not exist.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is above the scope area or the range runs backwards.</exception>
    public async Task<IReadOnlyList<IssueCount>> CountsAsync(IssueCountQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var from = FirstOfMonth(query.FromMonth);
        var to = FirstOfMonth(query.ToMonth);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(query), "ToMonth is before FromMonth.");
        }

        var scope = await db.Areas.AsNoTracking().Where(a => a.Id == query.AreaId)
            .Select(a => new { a.Path, a.Depth }).SingleOrDefaultAsync(ct);
        if (scope is null)
        {
            return [];
        }

        if (query.Level < scope.Depth)
        {
            throw new ArgumentOutOfRangeException(nameof(query), "Level is above the scope area.");
        }

        var columns = new List<string>();
        void Dimension(IssueDimensions dimension, string column)
        {
            if (query.GroupBy.HasFlag(dimension))
            {
                columns.Add(column);
            }
        }

        Dimension(IssueDimensions.Area, "r.area_id");
        Dimension(IssueDimensions.Category, "r.category_id");
        Dimension(IssueDimensions.Field, "r.field");
        Dimension(IssueDimensions.Month, "r.month");
        Dimension(IssueDimensions.Status, "r.status");

        var sql = new StringBuilder("SELECT ");
        foreach (var column in columns)
        {
            sql.Append(column).Append(", ");
        }

        sql.Append("""
            sum(r.issue_count)::int AS n
            FROM areas AS a JOIN issue_rollups AS r ON r.area_id = a.id
            WHERE a.depth = @level AND (a.path = @path OR a.path LIKE @prefix)
              AND r.month BETWEEN @from AND @to AND r.issue_count > 0
            """);
        var statuses = query.Statuses is { Count: > 0 } s ? s.Select(x => x.ToString()).ToArray() : null;
        if (statuses is not null)
        {
            sql.Append(" AND r.status = ANY(@statuses)");
        }

        if (columns.Count > 0)
        {
            var list = string.Join(", ", columns);
            sql.Append(CultureInfo.InvariantCulture, $" GROUP BY {list} ORDER BY {list}");
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var command = new NpgsqlCommand(sql.ToString(), connection);
            command.Parameters.AddWithValue("level", query.Level);
            command.Parameters.AddWithValue("path", scope.Path);
            command.Parameters.AddWithValue("prefix", EscapeLike(scope.Path) + ".%");
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", to);
            if (statuses is not null)
            {
                command.Parameters.AddWithValue("statuses", statuses);
            }

            var result = new List<IssueCount>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var n = reader.GetInt32(columns.Count);
                if (n > 0 || columns.Count == 0)
                {
                    result.Add(Read(reader, query.GroupBy, n));
                }
            }

            return result;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>The areas at <paramref name="level"/> in the subtree of <paramref name="areaId"/> (rows of a table even when they count nothing).</summary>
    public Task<List<RollupArea>> AreasAtLevelAsync(int areaId, int level, CancellationToken ct) =>
        db.Areas.AsNoTracking().Where(a => a.Id == areaId)
            .SelectMany(scope => db.Areas.Where(a => a.Depth == level && (a.Path == scope.Path || a.Path.StartsWith(scope.Path + "."))))
            .OrderBy(a => a.SortOrder).ThenBy(a => a.Code)
            .Select(a => new RollupArea(a.Id, a.Code, a.Name, a.Level, a.Depth))
            .ToListAsync(ct);

    public static DateOnly FirstOfMonth(DateOnly date) => new(date.Year, date.Month, 1);

    private static IssueCount Read(DbDataReader reader, IssueDimensions groupBy, int n)
    {
        var i = 0;
        int? area = groupBy.HasFlag(IssueDimensions.Area) ? reader.GetInt32(i++) : null;
        int? category = groupBy.HasFlag(IssueDimensions.Category) ? reader.GetInt32(i++) : null;
        IssueField? field = groupBy.HasFlag(IssueDimensions.Field) ? Enum.Parse<IssueField>(reader.GetString(i++)) : null;
        DateOnly? month = groupBy.HasFlag(IssueDimensions.Month) ? reader.GetFieldValue<DateOnly>(i++) : null;
        IssueStatus? status = groupBy.HasFlag(IssueDimensions.Status) ? Enum.Parse<IssueStatus>(reader.GetString(i)) : null;
        return new IssueCount(area, category, field, month, status, n);
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

public sealed record RollupArea(int Id, string Code, string Name, string Level, int Depth);
