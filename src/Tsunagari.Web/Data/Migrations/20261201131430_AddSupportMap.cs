using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Tsunagari.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddSupportMap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    area_id = table.Column<int>(type: "integer", nullable: true),
                    detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "issue_categories",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issue_categories", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "map_submissions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    contact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    address_text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    latitude = table.Column<double>(type: "double precision", nullable: true),
                    longitude = table.Column<double>(type: "double precision", nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    consented_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    submitted_by = table.Column<Guid>(type: "uuid", nullable: true),
                    entered_by = table.Column<Guid>(type: "uuid", nullable: true),
                    received_on = table.Column<DateOnly>(type: "date", nullable: true),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    processed_by = table.Column<Guid>(type: "uuid", nullable: true),
                    purged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    dedupe_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_map_submissions", x => x.id);
                    table.CheckConstraint("ck_map_submissions_concern_never_public", "NOT (kind = 'Concern' AND status = 'Approved')");
                    table.CheckConstraint("ck_map_submissions_point", "(latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180))");
                    table.CheckConstraint("ck_map_submissions_processed", "(status = 'New') = (processed_at IS NULL)");
                    table.CheckConstraint("ck_map_submissions_purge_only_processed", "purged_at IS NULL OR (status <> 'New' AND text IS NULL AND contact IS NULL AND address_text IS NULL AND latitude IS NULL)");
                    table.ForeignKey(
                        name: "fk_map_submissions_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "local_issues",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    category_id = table.Column<int>(type: "integer", nullable: false),
                    field = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dedupe_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_local_issues", x => x.id);
                    table.CheckConstraint("ck_local_issues_month", "EXTRACT(DAY FROM month) = 1");
                    table.ForeignKey(
                        name: "fk_local_issues_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_local_issues_issue_categories_category_id",
                        column: x => x.category_id,
                        principalTable: "issue_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "map_points",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    latitude = table.Column<double>(type: "double precision", nullable: false),
                    longitude = table.Column<double>(type: "double precision", nullable: false),
                    precision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    approved_by = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_map_points", x => x.id);
                    table.CheckConstraint("ck_map_points_not_concern", "kind <> 'Concern'");
                    table.ForeignKey(
                        name: "fk_map_points_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_map_points_map_submission_submission_id",
                        column: x => x.submission_id,
                        principalTable: "map_submissions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "local_issue_sources",
                columns: table => new
                {
                    local_issue_id = table.Column<Guid>(type: "uuid", nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_local_issue_sources", x => new { x.local_issue_id, x.submission_id });
                    table.ForeignKey(
                        name: "fk_local_issue_sources_local_issues_local_issue_id",
                        column: x => x.local_issue_id,
                        principalTable: "local_issues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_local_issue_sources_map_submission_submission_id",
                        column: x => x.submission_id,
                        principalTable: "map_submissions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "issue_categories",
                columns: new[] { "id", "code", "is_active", "name", "sort_order" },
                values: new object[,]
                {
                    { 1, "shopping", true, "買い物困難", 10 },
                    { 2, "mobility", true, "移動・交通", 20 },
                    { 3, "isolation", true, "孤独・孤立", 30 },
                    { 4, "watching", true, "見守り", 40 },
                    { 5, "8050", true, "8050", 50 },
                    { 6, "double-care", true, "ダブルケア", 60 },
                    { 7, "young-carer", true, "ヤングケアラー", 70 },
                    { 8, "hoarding", true, "ごみ屋敷", 80 },
                    { 9, "hikikomori", true, "ひきこもり", 90 },
                    { 10, "no-kin", true, "身寄りのない高齢者", 100 },
                    { 11, "parenting-isolation", true, "子育ての孤立", 110 },
                    { 12, "disaster", true, "防災", 120 },
                    { 13, "no-place", true, "居場所不足", 130 },
                    { 14, "generation-gap", true, "世代間ギャップ", 140 },
                    { 15, "neighbourhood", true, "町内運営", 150 },
                    { 16, "awareness", true, "福祉啓発", 160 },
                    { 17, "dementia", true, "認知症", 170 },
                    { 18, "poverty", true, "生活困窮", 180 },
                    { 19, "other", true, "その他", 190 }
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_action_at",
                table: "audit_log",
                columns: new[] { "action", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_subject_type_subject_id",
                table: "audit_log",
                columns: new[] { "subject_type", "subject_id" });

            migrationBuilder.CreateIndex(
                name: "ix_issue_categories_code",
                table: "issue_categories",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_local_issue_sources_submission_id",
                table: "local_issue_sources",
                column: "submission_id");

            migrationBuilder.CreateIndex(
                name: "ix_local_issues_area_id_month",
                table: "local_issues",
                columns: new[] { "area_id", "month" });

            migrationBuilder.CreateIndex(
                name: "ix_local_issues_category_id_month",
                table: "local_issues",
                columns: new[] { "category_id", "month" });

            migrationBuilder.CreateIndex(
                name: "ix_local_issues_dedupe_key",
                table: "local_issues",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_map_points_area_id",
                table: "map_points",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_map_points_submission_id",
                table: "map_points",
                column: "submission_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_map_submissions_area_id_status_submitted_at",
                table: "map_submissions",
                columns: new[] { "area_id", "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_map_submissions_dedupe_key",
                table: "map_submissions",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_map_submissions_processed_at",
                table: "map_submissions",
                column: "processed_at",
                filter: "purged_at IS NULL AND processed_at IS NOT NULL");

            // The audit log is append-only: the database itself refuses to change or delete a line.
            // (TRUNCATE is left to the owner, for test resets and a deliberate wipe.)
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
                END
                $$;
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log; DROP FUNCTION IF EXISTS audit_log_is_append_only();");

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "local_issue_sources");

            migrationBuilder.DropTable(
                name: "map_points");

            migrationBuilder.DropTable(
                name: "local_issues");

            migrationBuilder.DropTable(
                name: "map_submissions");

            migrationBuilder.DropTable(
                name: "issue_categories");
        }
    }
}
