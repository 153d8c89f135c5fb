using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using NpgsqlTypes;
using Tsunagari.Web;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.Bench.Generator;

/// <summary>
/// Fills a migrated, empty database with one municipality at the scale of quality.md ("Scale the bench generates"):
/// 2,000 areas in 4 levels, 3,000 places, 5,000 salons (≈ 60,000 sessions a year), 2,000 opportunities with 20,000
/// shifts, 100,000 accounts, 500 town meetings, 200,000 map submissions and 1,000,000 地域課題 over 5 years.
/// <para>
/// Deterministic: every value comes from a hash of the row number with a fixed seed (<c>hashint8extended</c> in SQL,
/// <see cref="Random"/> with a fixed seed in C#); only dates move with the day it runs, so that "upcoming" stays
/// upcoming. Set-based <c>INSERT … SELECT generate_series</c> runs inside PostgreSQL; rows that need the app's own
/// logic (salon recurrence, place search text) are computed in C# and written by binary COPY. Every constraint,
/// exclusion constraint and trigger of the schema stays on: counters (<c>confirmed_count</c>,
/// <c>confirmed_people</c>) are derived from the rows they count, purged submissions are purged as the app purges
/// them, history and audit tables get their rows.
/// </para>
/// </summary>
public static class BenchDataGenerator
{
    public const int Seed = 20261123;
    public const string Password = "tsunagari-bench-2026";
    public const string AuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    // Area ids: a block of ids far above what the app's HiLo sequence hands out in a bench run.
    private const int CityId = 1_000_000;
    private const int FirstDistrictId = CityId + 1; // 10
    private const int FirstSchoolId = CityId + 11; // 80
    private const int FirstBlockId = CityId + 91; // 1,909
    private const int Districts = 10;
    private const int Schools = 80;
    private const int Blocks = 1_909;
    private const int Users = 100_000;
    private const int FirstVolunteer = 1_001; // users 1,001–31,000 are volunteers with a profile
    private const int Volunteers = 30_000;
    private const int PlaceCount = 3_000;
    private const int SalonCount = 5_000;
    private const int Opportunities = 2_000;
    private const int ShiftsPerOpportunity = 10;
    private const int Meetings = 500;
    private const int Submissions = 200_000;
    private const int Issues = 1_000_000;
    private const int Months = 60;

    /// <summary>The one entry point: generates everything and says what it generated.</summary>
    public static async Task<GeneratedData> GenerateAsync(string connectionString, Action<string>? log = null)
    {
        log ??= Console.Error.WriteLine;
        var now = DateTimeOffset.UtcNow;
        var t0 = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var today = JapanTime.Today(TimeProvider.System);
        var steps = new List<GenerationStep>();
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 600, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();

        // A step fills the named tables; their secondary indexes are dropped first and built again after the load (one
        // sorted build instead of a million random inserts; unique ones are checked again as they are built). Rows are
        // counted from the tables afterwards.
        async Task Step(string tables, Func<Task<long>> action)
        {
            var watch = Stopwatch.StartNew();
            var names = tables.Split(", ");
            var indexes = await SecondaryIndexesAsync(connection, names);
            foreach (var (name, _) in indexes)
            {
                await Sql($"DROP INDEX \"{name}\"");
            }

            await action();
            foreach (var (_, definition) in indexes)
            {
                await Sql(definition);
            }

            var elapsed = watch.Elapsed;
            var counts = new List<string>();
            long rows = 0;
            foreach (var name in names)
            {
                await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{name}\"", connection);
                var n = (long)(await count.ExecuteScalarAsync())!;
                rows += n;
                counts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {n:N0}"));
            }

            var described = string.Join(" · ", counts);
            steps.Add(new GenerationStep(described, rows, elapsed));
            log(string.Create(CultureInfo.InvariantCulture, $"[generate] {described}: {elapsed.TotalSeconds:N1} s"));
        }

        async Task<long> Sql(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("t0", t0);
            command.Parameters.AddWithValue("today", today);
            return await command.ExecuteNonQueryAsync();
        }

        await Sql("SET maintenance_work_mem = '256MB'; SET synchronous_commit = off");

        // r(k, salt): a uniform number in [0, 1) from a hash of k — the fixed-seed randomness of the set-based steps.
        await Sql($"""
            CREATE FUNCTION pg_temp.r(k bigint, salt int) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
              'SELECT (hashint8extended(k * 64 + salt, {Seed}) & 2147483647)::float8 / 2147483648.0';
            CREATE FUNCTION pg_temp.uid(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
              'SELECT md5(''gen-user-'' || n)::uuid';
            """);

        await Step("areas", () => Sql(AreasSql));
        await Step("AspNetUsers, AspNetUserTokens, role_grants, volunteer_profiles", async () =>
        {
            var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser { DisplayName = "bench" }, Password);
            await using var command = new NpgsqlCommand(UsersSql, connection);
            command.Parameters.AddWithValue("t0", t0);
            command.Parameters.AddWithValue("hash", hash);
            command.Parameters.AddWithValue("key", AuthenticatorKey);
            return await command.ExecuteNonQueryAsync();
        });
        await Step("places, place_history", () => PlacesAsync(connection, t0));
        await Step("salons, salon_sessions", () => SalonsAsync(connection, t0, today));
        await Step("volunteer_opportunities, volunteer_shifts, volunteer_signups", () => Sql(VolunteeringSql));
        await Step("town_meetings, meeting_registrations", () => Sql(MeetingsSql));
        await Step("map_submissions, map_points, audit_log", () => Sql(SubmissionsSql));
        await Step("local_issues, local_issue_sources", () => Sql(IssuesSql));
        var analyze = Stopwatch.StartNew();
        await Sql("ANALYZE");
        steps.Add(new GenerationStep("(ANALYZE)", 0, analyze.Elapsed));

        // What the app's CouncilKpiRefreshJob does every few minutes, done once now that the data is in.
        var refresh = Stopwatch.StartNew();
        await Sql("""
            REFRESH MATERIALIZED VIEW council_kpi_rollups;
            INSERT INTO dashboard_refreshes (name, refreshed_at) VALUES ('council_kpi_rollups', now())
            ON CONFLICT (name) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at
            """);
        steps.Add(new GenerationStep("(council_kpi_rollups refresh)", 0, refresh.Elapsed));
        return Describe(steps);
    }

    /// <summary>What a generated data set holds (its ids and accounts are fixed by the seed); steps may be empty.</summary>
    public static GeneratedData Describe(IReadOnlyList<GenerationStep> steps) =>
        new()
        {
            CityId = CityId,
            DistrictIds = Enumerable.Range(FirstDistrictId, Districts).ToList(),
            SchoolDistrictIds = Enumerable.Range(FirstSchoolId, Schools).ToList(),
            BlockIds = Enumerable.Range(FirstBlockId, Blocks).ToList(),
            Password = Password,
            AuthenticatorKey = AuthenticatorKey,
            AdminEmail = Email(1),
            CityCoordinatorEmail = Email(2),
            DistrictCoordinatorEmails = Enumerable.Range(4, Districts).Select(Email).ToList(),
            CouncilMemberEmails = Enumerable.Range(14, 20).Select(Email).ToList(),
            Steps = steps,
        };

    /// <summary>Indexes of the tables that no constraint owns (primary keys, exclusion and FK checks stay on throughout).</summary>
    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(NpgsqlConnection connection, string[] tables)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename = ANY(@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            ORDER BY i.tablename, i.indexname
            """, connection);
        command.Parameters.AddWithValue("tables", tables);
        var indexes = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    /// <summary>The e-mail address of generated user <paramref name="n"/> (1–100,000).</summary>
    public static string Email(int n) => string.Create(CultureInfo.InvariantCulture, $"gen{n:000000}@example.jp");

    // Block b (0–1,908) lies in 小学校区 b % 80, which lies in 圏域 (b % 80) / 8.
    private static readonly string AreasSql = $"""
        INSERT INTO areas (id, parent_id, code, name, level, depth, path, sort_order)
        SELECT {CityId}, NULL, 'gen-{CityId}', 'ベンチ市', '市町村', 0, '{CityId}', 0
        UNION ALL
        SELECT {FirstDistrictId} + d, {CityId}, 'gen-' || ({FirstDistrictId} + d), '第' || (d + 1) || '圏域', '日常生活圏域', 1,
               '{CityId}.' || ({FirstDistrictId} + d), d
        FROM generate_series(0, {Districts - 1}) d
        UNION ALL
        SELECT {FirstSchoolId} + s, {FirstDistrictId} + s / 8, 'gen-' || ({FirstSchoolId} + s),
               '第' || (s / 8 + 1) || '-' || (s % 8 + 1) || '小学校区', '小学校区', 2,
               '{CityId}.' || ({FirstDistrictId} + s / 8) || '.' || ({FirstSchoolId} + s), s
        FROM generate_series(0, {Schools - 1}) s
        UNION ALL
        SELECT {FirstBlockId} + b, {FirstSchoolId} + b % 80, 'gen-' || ({FirstBlockId} + b), '町' || (b + 1) || '丁目', '町丁目', 3,
               '{CityId}.' || ({FirstDistrictId} + (b % 80) / 8) || '.' || ({FirstSchoolId} + b % 80) || '.' || ({FirstBlockId} + b), b
        FROM generate_series(0, {Blocks - 1}) b;

        -- ≈ 500,000 people: the 町丁目 first, then each level as the sum of the one below.
        UPDATE areas SET population = p, population65 = p65, population75 = (p65 * (0.45 + pg_temp.r(id, 3) * 0.15))::int
        FROM (SELECT id AS bid, p, (p * (0.22 + pg_temp.r(id, 2) * 0.16))::int AS p65
              FROM (SELECT id, (130 + pg_temp.r(id, 1) * 264)::int AS p FROM areas WHERE id >= {FirstBlockId} AND id < {FirstBlockId + Blocks}) x) b
        WHERE id = bid;
        UPDATE areas a SET population = s.p, population65 = s.p65, population75 = s.p75
        FROM (SELECT parent_id, sum(population) p, sum(population65) p65, sum(population75) p75 FROM areas WHERE depth = 3 AND id >= {CityId} GROUP BY parent_id) s
        WHERE a.id = s.parent_id;
        UPDATE areas a SET population = s.p, population65 = s.p65, population75 = s.p75
        FROM (SELECT parent_id, sum(population) p, sum(population65) p65, sum(population75) p75 FROM areas WHERE depth = 2 AND id >= {CityId} GROUP BY parent_id) s
        WHERE a.id = s.parent_id;
        UPDATE areas a SET population = s.p, population65 = s.p65, population75 = s.p75
        FROM (SELECT parent_id, sum(population) p, sum(population65) p65, sum(population75) p75 FROM areas WHERE depth = 1 AND id >= {CityId} GROUP BY parent_id) s
        WHERE a.id = s.parent_id;
        """;

    // Users 1: admin; 2–3: 第1層 coordinators; 4–13: 第2層 coordinators (one per 圏域); 14–33: council members;
    // 34–533: organizers (小学校区); 1,001–31,000: volunteers with a profile; the rest: residents.
    private static readonly string UsersSql = $"""
        INSERT INTO "AspNetUsers" (id, display_name, created_at, user_name, normalized_user_name, email, normalized_email,
            email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number, phone_number_confirmed,
            two_factor_enabled, lockout_end, lockout_enabled, access_failed_count)
        SELECT pg_temp.uid(n),
               (ARRAY['佐藤','鈴木','高橋','田中','伊藤','渡辺','山本','中村','小林','加藤','吉田','山田','佐々木','山口','松本','井上','木村','林','斎藤','清水'])[1 + n % 20]
                 || ' ' || (ARRAY['さくら','はると','ゆい','そうた','ひな','れん','めい','ゆうと','あおい','けんじ','みどり','たかし','ゆうこ','ひろし','まさこ','かずお','えみ','しょう','なおみ','つよし'])[1 + (n / 20) % 20],
               @t0 - make_interval(days => (pg_temp.r(n, 1) * 1826)::int),
               e, upper(e), e, upper(e), true, @hash,
               upper(substr(md5('stamp' || n), 1, 32)), md5('concurrency' || n)::uuid::text,
               NULL, false, n BETWEEN 1 AND 13, NULL, true, 0
        FROM generate_series(1, {Users}) n, LATERAL (SELECT 'gen' || lpad(n::text, 6, '0') || '@example.jp' AS e) m;

        INSERT INTO "AspNetUserTokens" (user_id, login_provider, name, value)
        SELECT pg_temp.uid(n), '[AspNetUserStore]', 'AuthenticatorKey', @key FROM generate_series(1, 13) n;

        INSERT INTO role_grants (id, user_id, role, area_id, granted_at, granted_by)
        SELECT md5('grant' || n)::uuid, pg_temp.uid(n),
               CASE WHEN n = 1 THEN 'Admin' WHEN n <= 13 THEN 'Coordinator' WHEN n <= 33 THEN 'CouncilMember'
                    WHEN n <= 533 THEN 'Organizer' ELSE 'Volunteer' END,
               CASE WHEN n <= 3 THEN {CityId} WHEN n <= 13 THEN {FirstDistrictId} + n - 4 WHEN n <= 33 THEN {CityId}
                    WHEN n <= 533 THEN {FirstSchoolId} + (n - 34) % 80 ELSE NULL END,
               @t0 - make_interval(days => (pg_temp.r(n, 2) * 1000)::int),
               CASE WHEN n = 1 THEN NULL ELSE pg_temp.uid(1) END
        FROM generate_series(1, 533) n
        UNION ALL
        SELECT md5('grant' || n)::uuid, pg_temp.uid(n), 'Volunteer', NULL, @t0 - make_interval(days => (pg_temp.r(n, 2) * 1000)::int), pg_temp.uid(1)
        FROM generate_series({FirstVolunteer}, {FirstVolunteer + Volunteers - 1}) n;

        INSERT INTO audit_log (at, actor_id, actor_name, action, subject_type, subject_id, area_id, detail)
        SELECT g.granted_at, g.granted_by, '佐藤 さくら', 'role.granted', 'user', g.user_id::text, g.area_id, g.role
        FROM role_grants g WHERE g.granted_by IS NOT NULL AND g.role <> 'Volunteer';

        INSERT INTO volunteer_profiles (user_id, skill_ids, area_ids, weekdays, time_bands, contact_preference, phone, accepts_invitations, updated_at)
        SELECT pg_temp.uid(n),
               CASE WHEN n % 3 = 0 AND n % 10 <> (n / 10) % 10 THEN ARRAY[1 + n % 10, 1 + (n / 10) % 10] ELSE ARRAY[1 + n % 10] END,
               ARRAY[{FirstSchoolId} + n % 80], 1 + n % 127, 1 + n % 7, 'email', NULL, n % 4 <> 0, @t0
        FROM generate_series({FirstVolunteer}, {FirstVolunteer + Volunteers - 1}) n;
        """;

    private static async Task<long> PlacesAsync(NpgsqlConnection connection, DateTimeOffset t0)
    {
        var random = new Random(Seed + 1);
        var categories = PlaceVocabulary.SeedCategories.Select(c => c.Code).ToArray();
        await using (var import = await connection.BeginBinaryImportAsync("""
            COPY places (name, name_kana, description, category_code, audiences, weekdays, schedule_text, is_free, fee_text,
                accessibility, accessibility_note, professional_present, welfare_volunteer_present, host_organization,
                contact_phone, contact_email, contact_note, postal_code, address_area, address_detail, latitude, longitude,
                precision, location_description, directions, area_id, visibility, status, rejection_reason, source,
                search_text, created_at, updated_at, last_confirmed_at) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < PlaceCount; i++)
            {
                var name = $"ふれあいサロン{i + 1}";
                var kana = $"フレアイサロン{i + 1}";
                var description = "体操とおしゃべりの会です。お茶を飲みながら、ゆっくり過ごせます。";
                var created = t0.AddDays(-random.Next(0, 1826));
                await import.StartRowAsync();
                await import.WriteAsync(name, NpgsqlDbType.Varchar);
                await import.WriteAsync(kana, NpgsqlDbType.Varchar);
                await import.WriteAsync(description, NpgsqlDbType.Varchar);
                await import.WriteAsync(categories[random.Next(categories.Length)], NpgsqlDbType.Varchar);
                await import.WriteAsync(new[] { "elderly", "everyone" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await import.WriteAsync(new[] { random.Next(0, 7) }, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                await import.WriteAsync("第1・第3水曜 10:00〜12:00", NpgsqlDbType.Varchar);
                await import.WriteAsync(random.Next(3) == 0, NpgsqlDbType.Boolean);
                await import.WriteAsync("1回100円", NpgsqlDbType.Varchar);
                await import.WriteAsync(new[] { "step-free" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync(false, NpgsqlDbType.Boolean);
                await import.WriteAsync(random.Next(2) == 0, NpgsqlDbType.Boolean);
                await import.WriteAsync("町内会", NpgsqlDbType.Varchar);
                await import.WriteAsync("0120-000-000", NpgsqlDbType.Varchar);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync("ベンチ市", NpgsqlDbType.Varchar);
                await import.WriteAsync($"{i % 30 + 1}-{i % 7 + 1}", NpgsqlDbType.Varchar);
                await import.WriteAsync(35.6 + (random.NextDouble() * 0.2), NpgsqlDbType.Double);
                await import.WriteAsync(139.5 + (random.NextDouble() * 0.3), NpgsqlDbType.Double);
                await import.WriteAsync(i % 10 == 0 ? "Reduced" : "Exact", NpgsqlDbType.Varchar);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync("駅から歩いて5分", NpgsqlDbType.Varchar);
                await import.WriteAsync(FirstBlockId + random.Next(Blocks), NpgsqlDbType.Integer);
                await import.WriteAsync(i % 50 == 0 ? "Hidden" : "Public", NpgsqlDbType.Varchar);
                await import.WriteAsync("Published", NpgsqlDbType.Varchar);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync("web", NpgsqlDbType.Varchar);
                await import.WriteAsync(SearchText.Normalize($"{name} {kana} {description}"), NpgsqlDbType.Varchar);
                await import.WriteAsync(created, NpgsqlDbType.TimestampTz);
                await import.WriteAsync(created, NpgsqlDbType.TimestampTz);
                await import.WriteAsync(t0.AddDays(-random.Next(0, 300)), NpgsqlDbType.TimestampTz);
            }

            await import.CompleteAsync();
        }

        // place_history is append-only (a trigger refuses UPDATE/DELETE): one "created" line per place, as the app writes.
        await using var history = new NpgsqlCommand("""
            INSERT INTO place_history (place_id, action, actor_id, actor_name, at, note, snapshot)
            SELECT p.id, 'created', NULL, '', p.created_at, '',
                   jsonb_build_object('Name', p.name, 'NameKana', p.name_kana, 'Category', p.category_code, 'AreaId', p.area_id,
                                      'Visibility', p.visibility, 'Status', p.status, 'Source', p.source)
            FROM places p WHERE p.address_area = 'ベンチ市'
            """, connection);
        return PlaceCount + await history.ExecuteNonQueryAsync();
    }

    private static async Task<long> SalonsAsync(NpgsqlConnection connection, DateTimeOffset t0, DateOnly today)
    {
        var random = new Random(Seed + 2);
        int firstId;
        await using (var max = new NpgsqlCommand("SELECT coalesce(max(id), 0) + 1 FROM salons", connection))
        {
            firstId = (int)(await max.ExecuteScalarAsync())!;
        }

        // Blocks of each 圏域, so that every 圏域 gets 500 salons (the salon month view of one 圏域 shows 500).
        var blocksByDistrict = Enumerable.Range(0, Blocks).GroupBy(b => b % Schools / 8).ToDictionary(g => g.Key, g => g.ToArray());
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var from = monthStart.AddMonths(-12);
        var to = monthStart.AddMonths(13).AddDays(-1);
        var salons = new List<(int Id, Salon Salon)>(SalonCount);
        var utcNow = t0.UtcDateTime;
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY salons (id, area_id, organizer_user_id, name, description, for_whom, fee, venue_name, venue_address, is_public, schedule_kind, " +
            "weekdays, week_ordinals, day_of_month, start_time, end_time, start_date, extra_dates, exception_dates, holiday_rule, created_at, updated_at) " +
            "FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < SalonCount; i++)
            {
                var district = i % Districts;
                var block = blocksByDistrict[district][random.Next(blocksByDistrict[district].Length)];
                // ≈ 60,000 sessions a year: 0.5 % weekly, 3 % twice a month (第2・第4), the rest once a month.
                var twiceAMonth = i % 100 is >= 1 and <= 3;
                var kind = i % 200 == 0 ? ScheduleKind.Weekly
                    : twiceAMonth || i % 100 < 52 ? ScheduleKind.MonthlyByWeekday
                    : ScheduleKind.MonthlyByDate;
                var salon = new Salon
                {
                    Name = $"ふれあいサロン{district + 1}-{i / Districts + 1:000}",
                    VenueName = $"集会所{block % 40 + 1}",
                    ScheduleKind = kind,
                    Weekdays = kind == ScheduleKind.MonthlyByDate ? [] : [random.Next(1, 6)],
                    WeekOrdinals = kind != ScheduleKind.MonthlyByWeekday ? [] : twiceAMonth ? [2, 4] : [random.Next(1, 5)],
                    DayOfMonth = kind == ScheduleKind.MonthlyByDate ? random.Next(1, 29) : null,
                    StartTime = new TimeOnly(9 + (i % 6), 0),
                    StartDate = from,
                    HolidayRule = (HolidayRule)(i % 3),
                };
                salon.EndTime = salon.StartTime.AddHours(2);
                var id = firstId + i;
                salons.Add((id, salon));
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Integer);
                await copy.WriteAsync(FirstBlockId + block, NpgsqlDbType.Integer);
                await copy.WriteNullAsync(); // organizer: set below, for half of them

                await copy.WriteAsync(salon.Name, NpgsqlDbType.Varchar);
                await copy.WriteAsync("体操とおしゃべりの会です。", NpgsqlDbType.Varchar);
                await copy.WriteAsync(SalonAudiences.All[i % SalonAudiences.All.Length], NpgsqlDbType.Varchar);
                await copy.WriteAsync("100円", NpgsqlDbType.Varchar);
                await copy.WriteAsync(salon.VenueName, NpgsqlDbType.Varchar);
                await copy.WriteAsync("ベンチ市本町1", NpgsqlDbType.Varchar);
                await copy.WriteAsync(i % 40 != 0, NpgsqlDbType.Boolean);
                await copy.WriteAsync((int)salon.ScheduleKind, NpgsqlDbType.Integer);
                await copy.WriteAsync(salon.Weekdays, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                await copy.WriteAsync(salon.WeekOrdinals, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                if (salon.DayOfMonth is int day)
                {
                    await copy.WriteAsync(day, NpgsqlDbType.Integer);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(salon.StartTime, NpgsqlDbType.Time);
                await copy.WriteAsync(salon.EndTime, NpgsqlDbType.Time);
                await copy.WriteAsync(salon.StartDate, NpgsqlDbType.Date);
                await copy.WriteAsync(Array.Empty<DateOnly>(), NpgsqlDbType.Array | NpgsqlDbType.Date);
                await copy.WriteAsync(Array.Empty<DateOnly>(), NpgsqlDbType.Array | NpgsqlDbType.Date);
                await copy.WriteAsync((int)salon.HolidayRule, NpgsqlDbType.Integer);
                await copy.WriteAsync(utcNow, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(utcNow, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        // Sessions from 12 months back (with attendance, as organizers record it) to 12 months ahead (as the app keeps them).
        long sessions = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY salon_sessions (salon_id, date, start_time, end_time, time_changed, is_cancelled, cancel_reason, is_extra, attendance, " +
            "attendance_under65, attendance65to74, attendance75plus, attendance_recorded_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, salon) in salons)
            {
                foreach (var date in Recurrence.Occurrences(salon.Schedule(), from, to, JapaneseHolidays.Instance))
                {
                    var cancelled = random.Next(25) == 0;
                    var past = date < today;
                    sessions++;
                    await copy.StartRowAsync();
                    await copy.WriteAsync(id, NpgsqlDbType.Integer);
                    await copy.WriteAsync(date, NpgsqlDbType.Date);
                    await copy.WriteAsync(salon.StartTime, NpgsqlDbType.Time);
                    await copy.WriteAsync(salon.EndTime, NpgsqlDbType.Time);
                    await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(cancelled, NpgsqlDbType.Boolean);
                    if (cancelled)
                    {
                        await copy.WriteAsync("今月はお休みです", NpgsqlDbType.Varchar);
                    }
                    else
                    {
                        await copy.WriteNullAsync();
                    }

                    await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                    if (past && !cancelled)
                    {
                        var under65 = random.Next(0, 4);
                        var young = random.Next(2, 8);
                        var old = random.Next(3, 12);
                        await copy.WriteAsync(under65 + young + old, NpgsqlDbType.Integer);
                        await copy.WriteAsync(under65, NpgsqlDbType.Integer);
                        await copy.WriteAsync(young, NpgsqlDbType.Integer);
                        await copy.WriteAsync(old, NpgsqlDbType.Integer);
                        await copy.WriteAsync(new DateTimeOffset(date.ToDateTime(salon.EndTime), TimeSpan.FromHours(9)).ToUniversalTime(), NpgsqlDbType.TimestampTz);
                    }
                    else
                    {
                        for (var c = 0; c < 5; c++)
                        {
                            await copy.WriteNullAsync();
                        }
                    }

                    await copy.WriteAsync(utcNow, NpgsqlDbType.TimestampTz);
                }
            }

            await copy.CompleteAsync();
        }

        await using var sequence = new NpgsqlCommand(
            "SELECT setval(pg_get_serial_sequence('salons', 'id'), (SELECT max(id) FROM salons)); " +
            $"UPDATE salons SET organizer_user_id = pg_temp.uid(34 + (area_id - {FirstBlockId}) % 80) WHERE id >= {firstId} AND id % 2 = 0",
            connection);
        await sequence.ExecuteNonQueryAsync();
        return SalonCount + sessions;
    }

    // 2,000 opportunities in the 小学校区, 10 shifts each from 6 months back to 6 months ahead; signups from the 30,000
    // volunteers, numbered in time order so that a volunteer's next signup is 30,000 signups (months) later: the
    // no-overlap exclusion constraint holds. confirmed_count is the count of the confirmed signups.
    private static readonly string VolunteeringSql = $"""
        INSERT INTO volunteer_opportunities (title, description, helps_whom, host_name, area_id, location_text, skill_ids, is_published, created_at, created_by)
        SELECT (ARRAY['買い物のお手伝い','サロンの準備','見守り訪問','庭の草取り','子ども食堂の調理','スマホ教室の補助','ゴミ出しのお手伝い','送迎の付き添い','話し相手','雪かき'])[1 + o % 10]
                 || ' ' || o,
               '活動の説明です。はじめての方も歓迎します。', '地域の高齢の方', '社会福祉協議会', {FirstSchoolId} + o % 80, '公民館',
               CASE WHEN o % 4 = 0 THEN ARRAY[1 + o % 10, 1 + (o / 10 + 3) % 10] ELSE ARRAY[1 + o % 10] END,
               o % 20 <> 0, @t0 - interval '200 days', pg_temp.uid(4 + (o % 80) / 8)
        FROM generate_series(1, {Opportunities}) o;

        INSERT INTO volunteer_shifts (opportunity_id, starts_at, ends_at, slots, confirmed_count)
        SELECT v.id, st, st + interval '2 hours', 2 + (pg_temp.r(v.id * 10 + s, 1) * 7)::int, 0
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS o FROM volunteer_opportunities WHERE location_text = '公民館' AND host_name = '社会福祉協議会') v,
             generate_series(0, {ShiftsPerOpportunity - 1}) s,
             LATERAL (SELECT date_trunc('day', @t0) + make_interval(days => ((v.o * 7 + s * 37) % 360)::int - 180, hours => (v.o % 7)::int) AS st) t;

        INSERT INTO volunteer_signups (id, shift_id, user_id, volunteer_key, status, channel, starts_at, ends_at, created_at, attended, hours)
        SELECT md5('gen-signup-' || x.id || '-' || x.k)::uuid, x.id, pg_temp.uid(u), 'u:' || replace(pg_temp.uid(u)::text, '-', ''),
               'confirmed', 'web', x.starts_at, x.ends_at, x.starts_at - interval '7 days',
               CASE WHEN x.ends_at < @t0 THEN pg_temp.r(x.id * 10 + x.k, 3) < 0.9 END,
               CASE WHEN x.ends_at < @t0 THEN 2.0 END
        FROM (SELECT sh.id, sh.starts_at, sh.ends_at, k, row_number() OVER (ORDER BY sh.starts_at, sh.id, k) AS rn
              FROM volunteer_shifts sh, generate_series(0, sh.slots - 1) k
              WHERE k < (sh.slots * (0.3 + 0.7 * pg_temp.r(sh.id, 2)))::int) x,
             LATERAL (SELECT {FirstVolunteer} + (x.rn % {Volunteers}) AS u) w;

        UPDATE volunteer_shifts sh SET confirmed_count = c.n
        FROM (SELECT shift_id, count(*) AS n FROM volunteer_signups WHERE status = 'confirmed' GROUP BY shift_id) c
        WHERE sh.id = c.shift_id;
        """;

    // 500 meetings, one every ≈ 3.3 days from 4.5 years back to ≈ 5 months ahead; registrations confirmed while seats
    // last (the rest waitlisted), confirmed_people the sum of the confirmed parties. Past meetings have a report.
    private static readonly string MeetingsSql = $"""
        INSERT INTO town_meetings (title, purpose, agenda_markdown, starts_at, ends_at, venue_name, venue_address, area_id, capacity,
            confirmed_people, registration_deadline, organizers, accessibility_offered, topics_allowed, report_markdown,
            report_published_at, created_at, created_by, updated_at)
        SELECT '地域のこれからを話し合う会 第' || n || '回', '地域の困りごとを話し合います。', E'1. あいさつ\n2. グループで話し合い\n3. まとめ',
               st, st + interval '2 hours', '公民館' || (n % 10 + 1), 'ベンチ市本町' || (n % 10 + 1),
               CASE WHEN n % 5 = 0 THEN {CityId} ELSE {FirstDistrictId} + n % 10 END, 30 + (n % 8) * 10, 0, st - interval '1 day',
               'ベンチ市 生活支援コーディネーター', n % 8, n % 2 = 0,
               CASE WHEN st < @t0 - interval '14 days' THEN E'## 話し合ったこと\n- 買い物の困りごと\n- 見守りの仕組み' END,
               CASE WHEN st < @t0 - interval '14 days' THEN st + interval '10 days' END,
               st - interval '40 days', pg_temp.uid(4 + n % 10), st - interval '40 days'
        FROM generate_series(1, {Meetings}) n,
             LATERAL (SELECT date_trunc('day', @t0) + make_interval(days => (n * 33 / 10) - 1500, hours => 1) AS st) t;

        INSERT INTO meeting_registrations (key, meeting_id, name, email, contact_key, party_size, for_someone_else, needs, status, source,
            created_at, checked_in_at)
        SELECT md5('gen-reg-' || x.id || '-' || x.k)::uuid, x.id, u.display_name, u.email, lower(u.email), x.party, false, 0,
               CASE WHEN x.seats <= x.capacity THEN 'confirmed' ELSE 'waitlisted' END, 'web', x.starts_at - interval '10 days',
               CASE WHEN x.seats <= x.capacity AND x.starts_at < @t0 AND pg_temp.r(x.id * 100 + x.k, 5) < 0.85 THEN x.starts_at END
        FROM (SELECT m.id, m.capacity, m.starts_at, k, 1 + (k % 5 = 0)::int AS party,
                     sum(1 + (k % 5 = 0)::int) OVER (PARTITION BY m.id ORDER BY k) AS seats
              FROM town_meetings m, generate_series(0, 9 + m.id % 25) k
              WHERE m.organizers = 'ベンチ市 生活支援コーディネーター') x
        JOIN "AspNetUsers" u ON u.id = pg_temp.uid({FirstVolunteer} + (x.id * 37 + x.k) % 99000);

        UPDATE town_meetings m SET confirmed_people = c.people
        FROM (SELECT meeting_id, sum(party_size) AS people FROM meeting_registrations WHERE status = 'confirmed' GROUP BY meeting_id) c
        WHERE m.id = c.meeting_id;
        """;

    // 200,000 entries over 5 years in the 町丁目. Recent ones partly still New; the rest processed by the 圏域's
    // coordinator. Processed entries older than the 90-day retention are purged as PurgeRawSubmissions purges them
    // (text, contact, address and point removed). Approved 資源/集いの場 are published as map points.
    private static readonly string SubmissionsSql = $"""
        INSERT INTO map_submissions (id, kind, source, status, area_id, text, contact, address_text, latitude, longitude,
            submitted_at, consented_at, submitted_by, entered_by, received_on, processed_at, processed_by, purged_at, dedupe_key, merged_place_id)
        SELECT md5('gen-sub-' || n)::uuid, kind, source, status, {FirstBlockId} + b,
               CASE WHEN purged THEN NULL ELSE '近所の方が買い物に困っているようです。' || n END,
               CASE WHEN purged OR n % 3 <> 0 THEN NULL ELSE '090-0000-' || lpad((n % 10000)::text, 4, '0') END,
               CASE WHEN purged THEN NULL ELSE '町' || (b + 1) || '丁目付近' END,
               CASE WHEN purged THEN NULL ELSE 35.6 + pg_temp.r(n, 8) * 0.2 END,
               CASE WHEN purged THEN NULL ELSE 139.5 + pg_temp.r(n, 9) * 0.3 END,
               submitted_at, CASE WHEN source IN ('Web', 'Api') THEN submitted_at END, NULL,
               CASE WHEN source IN ('Phone', 'Paper') THEN coordinator END,
               CASE WHEN source IN ('Phone', 'Paper') THEN (submitted_at AT TIME ZONE 'Asia/Tokyo')::date END,
               processed_at, CASE WHEN status <> 'New' THEN coordinator END,
               CASE WHEN purged THEN processed_at + interval '90 days' END, NULL,
               CASE WHEN status = 'Merged' THEN first_place + (pg_temp.r(n, 10) * {PlaceCount - 1})::int END
        FROM (
          SELECT *, status <> 'New' AND processed_at < @t0 - interval '90 days' AS purged
          FROM (
            SELECT n, b, kind, source, submitted_at, coordinator, first_place,
                   CASE WHEN submitted_at > @t0 - interval '30 days' AND pg_temp.r(n, 4) < 0.5 THEN 'New'
                        WHEN kind = 'Concern' THEN CASE WHEN pg_temp.r(n, 5) < 0.9 THEN 'Processed' ELSE 'Rejected' END
                        ELSE (ARRAY['Approved','Approved','Approved','Approved','Approved','Approved','Rejected','Rejected','Merged','Processed'])[1 + (pg_temp.r(n, 5) * 10)::int % 10]
                   END AS status,
                   CASE WHEN submitted_at > @t0 - interval '30 days' AND pg_temp.r(n, 4) < 0.5 THEN NULL
                        ELSE least(submitted_at + make_interval(hours => 12 + (pg_temp.r(n, 6) * 240)::int), @t0) END AS processed_at
            FROM (
              SELECT n, (pg_temp.r(n, 1) * {Blocks})::int % {Blocks} AS b,
                     CASE WHEN pg_temp.r(n, 2) < 0.5 THEN 'Concern' WHEN pg_temp.r(n, 2) < 0.8 THEN 'Resource' ELSE 'Gathering' END AS kind,
                     CASE WHEN pg_temp.r(n, 3) < 0.85 THEN 'Web' WHEN pg_temp.r(n, 3) < 0.9 THEN 'Api' WHEN pg_temp.r(n, 3) < 0.95 THEN 'Phone' ELSE 'Paper' END AS source,
                     @t0 - make_interval(mins => (pg_temp.r(n, 7) * 1826 * 1440)::int) AS submitted_at,
                     first_place
              FROM generate_series(1, {Submissions}) n,
                   (SELECT min(id) AS first_place FROM places WHERE address_area = 'ベンチ市') p
            ) a,
            LATERAL (SELECT pg_temp.uid(4 + (a.b % 80) / 8) AS coordinator) c
          ) s
        ) f;

        INSERT INTO map_points (id, submission_id, kind, name, description, latitude, longitude, precision, area_id, approved_at, approved_by)
        SELECT md5('gen-point-' || s.id)::uuid, s.id, s.kind,
               CASE WHEN s.kind = 'Resource' THEN '買い物を手伝ってくれるお店' ELSE 'みんなの集いの場' END, '地域の方から寄せられました。',
               35.6 + pg_temp.r(hashtext(s.id::text), 8) * 0.2, 139.5 + pg_temp.r(hashtext(s.id::text), 9) * 0.3,
               CASE WHEN s.kind = 'Resource' THEN 'Reduced' ELSE 'Exact' END, s.area_id, s.processed_at, s.processed_by
        FROM map_submissions s WHERE s.status = 'Approved' AND s.area_id >= {FirstBlockId};

        INSERT INTO audit_log (at, actor_id, actor_name, action, subject_type, subject_id, area_id, detail)
        SELECT s.processed_at, s.processed_by, 'コーディネーター',
               CASE s.status WHEN 'Approved' THEN 'submission.approved' WHEN 'Rejected' THEN 'submission.rejected'
                             WHEN 'Merged' THEN 'submission.merged' ELSE 'submission.read' END,
               'submission', s.id::text, s.area_id, NULL
        FROM map_submissions s WHERE s.status <> 'New' AND s.area_id >= {FirstBlockId};
        """;

    // 1,000,000 issues: issue n is in 小学校区 n % 80 and month (n / 80) % 60 (oldest first), ≈ 208 per 小学校区 and
    // month. Each processed 気がかり is linked (local_issue_sources) to an issue of its own 小学校区 and month.
    private static readonly string IssuesSql = $"""
        INSERT INTO local_issues (id, category_id, field, area_id, month, summary, status, created_at, created_by, updated_at, dedupe_key)
        SELECT md5('gen-issue-' || n)::uuid, category, (ARRAY['Elderly','Elderly','Elderly','Elderly','Other','Children','Children','Other','Other','Elderly','Children','Other','Other','Other','Other','Other','Elderly','Poverty','Other'])[category],
               {FirstSchoolId} + n % 80, month,
               (ARRAY['買い物に行けない','通院の足がない','一人暮らしで話し相手がいない','見守りが必要','親子で孤立している','介護と子育てが重なっている','家族の世話をしている子どもがいる','ごみがたまっている','外に出られない','身寄りがない','子育ての相談先がない','災害時の避難が不安','集まる場所がない','世代の交流がない','町内会の担い手がいない','福祉の制度を知らない','物忘れが心配','生活が苦しい','その他の困りごと'])[category]
                 || 'という声があります。',
               CASE WHEN month < (@today - interval '12 months')::date
                    THEN (ARRAY['Resolved','Resolved','Resolved','Resolved','Resolved','Resolved','Resolved','Dropped','Dropped','InProgress'])[1 + (pg_temp.r(n, 2) * 10)::int % 10]
                    ELSE (ARRAY['Open','Open','Considering','Considering','InProgress','InProgress','InProgress','Resolved','Resolved','Dropped'])[1 + (pg_temp.r(n, 2) * 10)::int % 10] END,
               created, pg_temp.uid(4 + (n % 80) / 8), created + interval '3 days', NULL
        FROM generate_series(0, {Issues - 1}) n,
             LATERAL (SELECT 1 + (pg_temp.r(n, 1) * 19)::int % 19 AS category,
                             (date_trunc('month', @today) - make_interval(months => {Months - 1} - ((n / 80) % {Months})::int))::date AS month) c,
             LATERAL (SELECT least(month + make_interval(days => (pg_temp.r(n, 3) * 27)::int, hours => 1), @t0) AS created) d;

        INSERT INTO local_issue_sources (local_issue_id, submission_id)
        SELECT md5('gen-issue-' || ((s.area_id - {FirstBlockId}) % 80 + 80 * m.idx + 4800 * (s.rn % 208)))::uuid, s.id
        FROM (SELECT id, area_id, submitted_at, row_number() OVER (ORDER BY id) AS rn
              FROM map_submissions WHERE kind = 'Concern' AND status = 'Processed' AND area_id >= {FirstBlockId}) s,
             LATERAL (SELECT greatest(0, least({Months - 1}, {Months - 1}
                 - ((extract(year FROM @today) * 12 + extract(month FROM @today))
                    - (extract(year FROM s.submitted_at AT TIME ZONE 'Asia/Tokyo') * 12 + extract(month FROM s.submitted_at AT TIME ZONE 'Asia/Tokyo')))::int)) AS idx) m;
        """;
}
