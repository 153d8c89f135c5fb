using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Tsunagari.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddPlaces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Trigram index over the normalised search text (substring search that uses an index).
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");

            migrationBuilder.CreateTable(
                name: "place_categories",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_place_categories", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "places",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name_kana = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    category_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    audiences = table.Column<string[]>(type: "text[]", nullable: false),
                    weekdays = table.Column<int[]>(type: "integer[]", nullable: false),
                    schedule_text = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    is_free = table.Column<bool>(type: "boolean", nullable: false),
                    fee_text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    accessibility = table.Column<string[]>(type: "text[]", nullable: false),
                    accessibility_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    professional_present = table.Column<bool>(type: "boolean", nullable: false),
                    welfare_volunteer_present = table.Column<bool>(type: "boolean", nullable: false),
                    host_organization = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    contact_phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    contact_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    contact_note = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    postal_code = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    address_area = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address_detail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    latitude = table.Column<double>(type: "double precision", nullable: true),
                    longitude = table.Column<double>(type: "double precision", nullable: true),
                    precision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    location_description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    directions = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    visibility = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rejection_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    organizer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    entered_by = table.Column<Guid>(type: "uuid", nullable: true),
                    submission_key = table.Column<Guid>(type: "uuid", nullable: true),
                    search_text = table.Column<string>(type: "character varying(3000)", maxLength: 3000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stale_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_reminder_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_places", x => x.id);
                    table.CheckConstraint("ck_places_both_coordinates", "(latitude IS NULL) = (longitude IS NULL)");
                    table.CheckConstraint("ck_places_latitude", "latitude IS NULL OR (latitude BETWEEN -90 AND 90)");
                    table.CheckConstraint("ck_places_longitude", "longitude IS NULL OR (longitude BETWEEN -180 AND 180)");
                    table.CheckConstraint("ck_places_rejection_reason", "status <> 'Rejected' OR length(rejection_reason) > 0");
                    table.ForeignKey(
                        name: "fk_places_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_places_place_categories_category_code",
                        column: x => x.category_code,
                        principalTable: "place_categories",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "place_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    place_id = table.Column<int>(type: "integer", nullable: false),
                    action = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    snapshot = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_place_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_place_history_places_place_id",
                        column: x => x.place_id,
                        principalTable: "places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "place_photos",
                columns: table => new
                {
                    place_id = table.Column<int>(type: "integer", nullable: false),
                    jpeg = table.Column<byte[]>(type: "bytea", nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    alt_text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_place_photos", x => x.place_id);
                    table.ForeignKey(
                        name: "fk_place_photos_places_place_id",
                        column: x => x.place_id,
                        principalTable: "places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "place_categories",
                columns: new[] { "code", "name", "sort_order" },
                values: new object[,]
                {
                    { "chiiki-shokudo", "地域食堂", 40 },
                    { "community-cafe", "コミュニティカフェ", 50 },
                    { "consultation", "相談できる場", 70 },
                    { "kayoinoba", "通いの場", 10 },
                    { "kodomo-shokudo", "子ども食堂", 30 },
                    { "multigenerational", "多世代交流拠点", 60 },
                    { "other", "その他", 90 },
                    { "salon", "サロン会場", 20 }
                });

            migrationBuilder.CreateIndex(
                name: "ix_place_history_place_id_at",
                table: "place_history",
                columns: new[] { "place_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_places_area_id",
                table: "places",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_places_category_code",
                table: "places",
                column: "category_code");

            migrationBuilder.CreateIndex(
                name: "ix_places_organizer_id",
                table: "places",
                column: "organizer_id");

            migrationBuilder.CreateIndex(
                name: "ix_places_search_text",
                table: "places",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_places_status_visibility",
                table: "places",
                columns: new[] { "status", "visibility" });

            migrationBuilder.CreateIndex(
                name: "ix_places_submission_key",
                table: "places",
                column: "submission_key",
                unique: true);

            // place_history is append-only: the database itself refuses to change or remove a line.
            migrationBuilder.Sql("""
                CREATE FUNCTION place_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'place_history is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
                END;
                $$;
                CREATE TRIGGER place_history_append_only BEFORE UPDATE OR DELETE ON place_history
                    FOR EACH ROW EXECUTE FUNCTION place_history_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS place_history_append_only ON place_history; DROP FUNCTION IF EXISTS place_history_append_only();");

            migrationBuilder.DropTable(
                name: "place_history");

            migrationBuilder.DropTable(
                name: "place_photos");

            migrationBuilder.DropTable(
                name: "places");

            migrationBuilder.DropTable(
                name: "place_categories");
        }
    }
}
