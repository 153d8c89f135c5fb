namespace Tsunagari.Bench.Generator;

/// <summary>
/// What <see cref="BenchDataGenerator"/> put into the database, for scenarios to aim at: the area tree by level (市 →
/// 日常生活圏域 → 小学校区 → 町丁目), staff accounts that can sign in, and how long each table took.
/// </summary>
public sealed class GeneratedData
{
    /// <summary>The one municipality (市町村, depth 0).</summary>
    public required int CityId { get; init; }

    /// <summary>10 日常生活圏域 (depth 1), each holding 500 salons.</summary>
    public required IReadOnlyList<int> DistrictIds { get; init; }

    /// <summary>80 小学校区 (depth 2), the reporting level of 地域課題; 8 per 圏域.</summary>
    public required IReadOnlyList<int> SchoolDistrictIds { get; init; }

    /// <summary>1,909 町丁目 (depth 3).</summary>
    public required IReadOnlyList<int> BlockIds { get; init; }

    /// <summary>Every generated area id with its level name (市町村, 日常生活圏域, 小学校区, 町丁目).</summary>
    public IEnumerable<(int Id, string Level)> Areas =>
        new[] { (CityId, Levels.City) }
            .Concat(DistrictIds.Select(id => (id, Levels.District)))
            .Concat(SchoolDistrictIds.Select(id => (id, Levels.SchoolDistrict)))
            .Concat(BlockIds.Select(id => (id, Levels.Block)));

    /// <summary>The 圏域 a 小学校区 belongs to.</summary>
    public int DistrictOf(int schoolDistrictId) => DistrictIds[SchoolDistrictIds.IndexOf(schoolDistrictId) / 8];

    /// <summary>Password of every generated account (one precomputed hash, as a generator may).</summary>
    public required string Password { get; init; }

    /// <summary>TOTP key (base32) of the generated admins and coordinators, whose two-factor sign-in is on.</summary>
    public required string AuthenticatorKey { get; init; }

    /// <summary>Admin of the whole city.</summary>
    public required string AdminEmail { get; init; }

    /// <summary>第1層 coordinator (the city).</summary>
    public required string CityCoordinatorEmail { get; init; }

    /// <summary>第2層 coordinators, one per <see cref="DistrictIds"/> entry (same order).</summary>
    public required IReadOnlyList<string> DistrictCoordinatorEmails { get; init; }

    /// <summary>協議体 members of the city (no two-factor needed).</summary>
    public required IReadOnlyList<string> CouncilMemberEmails { get; init; }

    /// <summary>Rows written per table and the time each step took.</summary>
    public required IReadOnlyList<GenerationStep> Steps { get; init; }

    public TimeSpan Total => TimeSpan.FromTicks(Steps.Sum(s => s.Elapsed.Ticks));

    public static class Levels
    {
        public const string City = "市町村";
        public const string District = "日常生活圏域";
        public const string SchoolDistrict = "小学校区";
        public const string Block = "町丁目";
    }
}

/// <summary>One step of the generator: the tables it filled, the rows written and the time taken.</summary>
public sealed record GenerationStep(string Tables, long Rows, TimeSpan Elapsed);

internal static class ListExtensions
{
    public static int IndexOf(this IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
