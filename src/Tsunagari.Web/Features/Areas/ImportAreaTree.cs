using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Areas;

/// <summary>
/// Imports an area tree from CSV or GeoJSON: areas are matched by code (new codes are added, known ones updated,
/// none removed). The whole file is checked first; one error anywhere and nothing is written.
/// </summary>
public sealed class ImportAreaTree(TsunagariDbContext db, AreaFileReaders readers, IOutputCacheStore cache, IStringLocalizer<SharedResource> l)
{
    public enum Format
    {
        Csv,
        GeoJson,
    }

    public abstract record Result
    {
        public sealed record Imported(int Added, int Updated) : Result;

        public sealed record Rejected(IReadOnlyList<ImportError> Errors) : Result;
    }

    /// <summary>
    /// Checks and applies <paramref name="file"/>. <paramref name="scopePaths"/> are the subtrees the importing admin
    /// may change: every row must end up, and every existing row must start out, inside one of them.
    /// </summary>
    public async Task<Result> HandleAsync(byte[] file, Format format, IReadOnlyCollection<string> scopePaths, CancellationToken ct)
    {
        if (file.Length == 0)
        {
            return new Result.Rejected([new(0, l["ファイルが空です。"])]);
        }

        var (rows, errors) = format == Format.Csv ? readers.ReadCsv(file) : readers.ReadGeoJson(file);
        if (errors.Count == 0 && rows.Count == 0)
        {
            errors.Add(new(0, l["取り込む地域がありません。"]));
        }

        foreach (var duplicate in rows.GroupBy(r => r.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var row in duplicate.Skip(1))
            {
                errors.Add(new(row.Line, l["{0}行目: コード「{1}」が{2}行目と重複しています。", row.Line, row.Code, duplicate.First().Line]));
            }
        }

        if (errors.Count > 0)
        {
            return Rejected(errors);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync<Result>(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
            var existing = await db.Areas.ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, ct);
            var oldPaths = existing.Values.ToDictionary(a => a.Code, a => a.Path, StringComparer.Ordinal);
            var (added, updated) = (0, 0);
            var sortOrder = existing.Count == 0 ? 0 : existing.Values.Max(a => a.SortOrder) + 1;
            foreach (var row in rows)
            {
                if (!existing.TryGetValue(row.Code, out var area))
                {
                    area = new Area { Code = row.Code, Name = row.Name, Level = row.Level, SortOrder = sortOrder++ };
                    db.Areas.Add(area); // HiLo assigns the id here, before anything is written.
                    existing[row.Code] = area;
                    added++;
                }
                else
                {
                    updated++;
                }

                area.Name = row.Name;
                area.NameKana = row.NameKana;
                area.Level = row.Level;
                area.Population = row.Population;
                area.Population65 = row.Population65;
                area.Population75 = row.Population75;
                area.BoundaryGeoJson = row.BoundaryGeoJson ?? area.BoundaryGeoJson;
            }

            foreach (var row in rows)
            {
                if (row.ParentCode is null)
                {
                    existing[row.Code].ParentId = null;
                }
                else if (existing.TryGetValue(row.ParentCode, out var parent))
                {
                    existing[row.Code].ParentId = parent.Id;
                }
                else
                {
                    errors.Add(new(row.Line, l["{0}行目: 親コード「{1}」の地域が、ファイルにも登録済みの地域にもありません。", row.Line, row.ParentCode]));
                }
            }

            if (errors.Count == 0)
            {
                // Report the rows of the file that close a cycle; their descendants are cut off only as a consequence.
                var lineOf = rows.ToDictionary(r => r.Code, r => r.Line, StringComparer.Ordinal);
                foreach (var code in AssignPaths(existing.Values).Where(lineOf.ContainsKey))
                {
                    var line = lineOf[code];
                    errors.Add(new(line, l["{0}行目: 「{1}」の親をたどると自分に戻ってしまいます（循環しています）。", line, code]));
                }
            }

            if (errors.Count == 0)
            {
                bool InScope(string path) => scopePaths.Any(scope => Area.Covers(scope, path));
                foreach (var row in rows)
                {
                    var outside = (oldPaths.TryGetValue(row.Code, out var oldPath) && !InScope(oldPath))
                        || !InScope(existing[row.Code].Path);
                    if (outside)
                    {
                        errors.Add(new(row.Line, l["{0}行目: 「{1}」は、あなたが管理できる地域の外です。", row.Line, row.Code]));
                    }
                }
            }

            if (errors.Count > 0)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return Rejected(errors);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await cache.EvictByTagAsync(PublicPageCache.Tags.Areas, ct);
            return new Result.Imported(added, updated);
        });
    }

    /// <summary>Recomputes depth and path of every area; returns the codes that sit on a cycle.</summary>
    internal static List<string> AssignPaths(IEnumerable<Area> areas)
    {
        var all = areas.ToList();
        var byId = all.ToDictionary(a => a.Id);
        var children = all.Where(a => a.ParentId is not null).ToLookup(a => a.ParentId!.Value);
        var reached = new HashSet<int>();
        var stack = new Stack<Area>(all.Where(a => a.ParentId is null || !byId.ContainsKey(a.ParentId.Value)));
        foreach (var root in stack)
        {
            root.Depth = 0;
            root.Path = root.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        while (stack.TryPop(out var node))
        {
            reached.Add(node.Id);
            foreach (var child in children[node.Id])
            {
                child.Depth = node.Depth + 1;
                child.Path = $"{node.Path}.{child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                stack.Push(child);
            }
        }

        return all.Where(a => !reached.Contains(a.Id)).Select(a => a.Code).Order(StringComparer.Ordinal).ToList();
    }

    private static Result.Rejected Rejected(List<ImportError> errors) =>
        new(errors.OrderBy(e => e.Line).ThenBy(e => e.Message, StringComparer.Ordinal).Take(200).ToList());
}
