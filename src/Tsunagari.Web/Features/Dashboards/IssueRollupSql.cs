namespace Tsunagari.Web.Features.Dashboards;

/// <summary>
/// The triggers that keep <c>issue_rollups</c> exact. They are statement-level with transition tables: a bulk insert of
/// a million issues is one grouped upsert, not a million. Every change becomes signed deltas per (ancestor area, month,
/// category, field, status), summed, and upserted in key order, so concurrent writers lock rollup rows in the same order
/// and cannot deadlock on each other; <c>ON CONFLICT … DO UPDATE</c> adds to the row under its lock, so counts stay exact.
/// The migration AddIssueRollup runs <see cref="Create"/>: a change here needs a new migration that drops and re-creates.
/// </summary>
public static class IssueRollupSql
{
    /// <summary>The issue's own area and its ancestors: the ids of its materialised path.</summary>
    private static string Ancestors(string path) => $"CROSS JOIN LATERAL unnest(string_to_array({path}, '.')::int[]) AS anc(area_id)";

    private static string Upsert(string deltas) => $"""
        INSERT INTO issue_rollups (area_id, month, category_id, field, status, issue_count)
        SELECT d.area_id, d.month, d.category_id, d.field, d.status, sum(d.delta)
        FROM ({deltas}) AS d
        GROUP BY d.area_id, d.month, d.category_id, d.field, d.status
        HAVING sum(d.delta) <> 0
        ORDER BY d.area_id, d.month, d.category_id, d.field, d.status
        ON CONFLICT (area_id, month, category_id, field, status)
        DO UPDATE SET issue_count = issue_rollups.issue_count + EXCLUDED.issue_count;
        """;

    private static string IssueDeltas(string table, int sign) => $"""
        SELECT anc.area_id, i.month, i.category_id, i.field, i.status, {sign} AS delta
        FROM {table} AS i JOIN areas AS leaf ON leaf.id = i.area_id
        {Ancestors("leaf.path")}
        """;

    /// <summary>An area that moves (its path changes) takes its issues from the old ancestors to the new ones.</summary>
    private static string MovedAreaDeltas(string pathColumn, int sign) => $"""
        SELECT anc.area_id, i.month, i.category_id, i.field, i.status, {sign} AS delta
        FROM old_areas AS o JOIN new_areas AS n ON n.id = o.id AND n.path IS DISTINCT FROM o.path
        JOIN local_issues AS i ON i.area_id = o.id
        {Ancestors(pathColumn)}
        """;

    public static string Create => $"""
        CREATE FUNCTION issue_rollups_on_local_issues() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {Upsert(IssueDeltas("new_rows", 1))}
            ELSIF TG_OP = 'DELETE' THEN
                {Upsert(IssueDeltas("old_rows", -1))}
            ELSIF TG_OP = 'UPDATE' THEN
                {Upsert(IssueDeltas("old_rows", -1) + " UNION ALL " + IssueDeltas("new_rows", 1))}
            ELSIF TG_OP = 'TRUNCATE' THEN
                DELETE FROM issue_rollups; -- not TRUNCATE: the same statement may be truncating it already
            END IF;
            RETURN NULL;
        END
        $fn$;

        CREATE TRIGGER issue_rollups_insert AFTER INSERT ON local_issues
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_rollups_on_local_issues();
        CREATE TRIGGER issue_rollups_update AFTER UPDATE ON local_issues
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_rollups_on_local_issues();
        CREATE TRIGGER issue_rollups_delete AFTER DELETE ON local_issues
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_rollups_on_local_issues();
        CREATE TRIGGER issue_rollups_truncate AFTER TRUNCATE ON local_issues
            FOR EACH STATEMENT EXECUTE FUNCTION issue_rollups_on_local_issues();

        CREATE FUNCTION issue_rollups_on_areas() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM old_areas o JOIN new_areas n ON n.id = o.id AND n.path IS DISTINCT FROM o.path) THEN
                RETURN NULL;
            END IF;
            -- A move is rare (an admin's import): it waits for issue writers in flight and holds off new ones, so the
            -- next statement (a fresh snapshot) sees every issue of the moved areas and nothing changes under it.
            LOCK TABLE local_issues IN SHARE MODE;
            {Upsert(MovedAreaDeltas("o.path", -1) + " UNION ALL " + MovedAreaDeltas("n.path", 1))}
            RETURN NULL;
        END
        $fn$;

        CREATE TRIGGER issue_rollups_area_moved AFTER UPDATE ON areas
            REFERENCING OLD TABLE AS old_areas NEW TABLE AS new_areas FOR EACH STATEMENT EXECUTE FUNCTION issue_rollups_on_areas();

        {Upsert(IssueDeltas("local_issues", 1))}
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS issue_rollups_area_moved ON areas;
        DROP FUNCTION IF EXISTS issue_rollups_on_areas();
        DROP TRIGGER IF EXISTS issue_rollups_insert ON local_issues;
        DROP TRIGGER IF EXISTS issue_rollups_update ON local_issues;
        DROP TRIGGER IF EXISTS issue_rollups_delete ON local_issues;
        DROP TRIGGER IF EXISTS issue_rollups_truncate ON local_issues;
        DROP FUNCTION IF EXISTS issue_rollups_on_local_issues();
        """;
}
