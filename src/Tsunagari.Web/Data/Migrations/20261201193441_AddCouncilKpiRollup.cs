using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tsunagari.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddCouncilKpiRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The council KPI panel's numbers per area subtree × month (see Features/Dashboards/CouncilKpiRollup, ADR 019).
            // Month 0001-01-01 holds the counts as they are now. Refreshed by CouncilKpiRefreshJob.
            migrationBuilder.Sql("""
                CREATE MATERIALIZED VIEW council_kpi_rollups AS
                WITH ancestors AS (
                    SELECT a.id AS area_id, anc.id AS ancestor_id
                    FROM areas AS a CROSS JOIN LATERAL unnest(string_to_array(a.path, '.')::int[]) AS anc(id)
                ),
                facts AS (
                    SELECT p.area_id, DATE '0001-01-01' AS month, 'places' AS metric, count(*)::bigint AS value
                    FROM places AS p WHERE p.status = 'Published' GROUP BY p.area_id
                    UNION ALL
                    SELECT s.area_id, DATE '0001-01-01', 'salons', count(*) FROM salons AS s WHERE s.is_public GROUP BY s.area_id
                    UNION ALL
                    SELECT s.area_id, date_trunc('month', ss.date)::date, 'salon_attendance', COALESCE(sum(ss.attendance), 0)
                    FROM salon_sessions AS ss JOIN salons AS s ON s.id = ss.salon_id
                    WHERE ss.attendance IS NOT NULL GROUP BY 1, 2
                    UNION ALL
                    SELECT o.area_id, date_trunc('month', su.starts_at AT TIME ZONE 'Asia/Tokyo')::date, 'volunteer_seconds',
                           sum(extract(epoch FROM su.ends_at - su.starts_at))::bigint
                    FROM volunteer_signups AS su JOIN volunteer_shifts AS sh ON sh.id = su.shift_id
                    JOIN volunteer_opportunities AS o ON o.id = sh.opportunity_id
                    WHERE su.status = 'confirmed' GROUP BY 1, 2
                    UNION ALL
                    SELECT m.area_id, date_trunc('month', m.starts_at AT TIME ZONE 'Asia/Tokyo')::date, 'meeting_people', sum(r.party_size)
                    FROM meeting_registrations AS r JOIN town_meetings AS m ON m.id = r.meeting_id
                    WHERE r.status = 'confirmed' GROUP BY 1, 2
                )
                SELECT an.ancestor_id AS area_id, f.month, f.metric, sum(f.value)::bigint AS value
                FROM facts AS f JOIN ancestors AS an ON an.area_id = f.area_id
                GROUP BY an.ancestor_id, f.month, f.metric
                UNION ALL
                SELECT an.ancestor_id, DATE '0001-01-01', 'volunteers', count(DISTINCT v.user_id)
                FROM volunteer_profiles AS v CROSS JOIN LATERAL unnest(v.area_ids) AS va(id)
                JOIN ancestors AS an ON an.area_id = va.id
                GROUP BY an.ancestor_id;
                -- REFRESH … CONCURRENTLY needs a unique index over every row.
                CREATE UNIQUE INDEX ux_council_kpi_rollups ON council_kpi_rollups (area_id, month, metric);
                CREATE TABLE dashboard_refreshes (name text PRIMARY KEY, refreshed_at timestamptz NOT NULL);
                """);

            migrationBuilder.CreateIndex(
                name: "ix_map_submissions_new_area_id",
                table: "map_submissions",
                column: "area_id",
                filter: "status = 'New'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_map_submissions_new_area_id",
                table: "map_submissions");

            migrationBuilder.Sql("""
                DROP TABLE dashboard_refreshes;
                DROP MATERIALIZED VIEW council_kpi_rollups;
                """);
        }
    }
}
