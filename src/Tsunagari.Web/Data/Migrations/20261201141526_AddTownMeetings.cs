using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tsunagari.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddTownMeetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "town_meetings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    agenda_markdown = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: true),
                    venue_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    venue_address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    online_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    confirmed_people = table.Column<int>(type: "integer", nullable: false),
                    registration_deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    organizers = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    accessibility_offered = table.Column<int>(type: "integer", nullable: false),
                    topics_allowed = table.Column<bool>(type: "boolean", nullable: false),
                    report_markdown = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    report_published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_town_meetings", x => x.id);
                    table.CheckConstraint("ck_town_meetings_capacity", "confirmed_people >= 0 AND confirmed_people <= capacity");
                    table.CheckConstraint("ck_town_meetings_capacity_positive", "capacity BETWEEN 1 AND 100000");
                    table.CheckConstraint("ck_town_meetings_times", "ends_at > starts_at AND registration_deadline <= starts_at");
                    table.ForeignKey(
                        name: "fk_town_meetings_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "meeting_registrations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    key = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    contact_key = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    party_size = table.Column<int>(type: "integer", nullable: false),
                    for_someone_else = table.Column<bool>(type: "boolean", nullable: false),
                    registered_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    relationship = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    needs = table.Column<int>(type: "integer", nullable: false),
                    needs_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    promoted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    checked_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reminder_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_registrations", x => x.id);
                    table.CheckConstraint("ck_meeting_registrations_contact", "email IS NOT NULL OR phone IS NOT NULL");
                    table.CheckConstraint("ck_meeting_registrations_party", "party_size BETWEEN 1 AND 10");
                    table.CheckConstraint("ck_meeting_registrations_status", "status IN ('confirmed', 'waitlisted', 'cancelled')");
                    table.ForeignKey(
                        name: "fk_meeting_registrations_town_meeting_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "town_meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "meeting_topics",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    meeting_id = table.Column<int>(type: "integer", nullable: false),
                    registration_id = table.Column<long>(type: "bigint", nullable: true),
                    text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    handled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_topics", x => x.id);
                    table.CheckConstraint("ck_meeting_topics_source", "source IN ('advance', 'meeting')");
                    table.CheckConstraint("ck_meeting_topics_status", "status IN ('new', 'handled')");
                    table.ForeignKey(
                        name: "fk_meeting_topics_meeting_registrations_registration_id",
                        column: x => x.registration_id,
                        principalTable: "meeting_registrations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_meeting_topics_town_meeting_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "town_meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_meeting_registrations_key",
                table: "meeting_registrations",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_meeting_registrations_meeting_id_status_id",
                table: "meeting_registrations",
                columns: new[] { "meeting_id", "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_meeting_registrations_active_contact",
                table: "meeting_registrations",
                columns: new[] { "meeting_id", "contact_key" },
                unique: true,
                filter: "status <> 'cancelled'");

            migrationBuilder.CreateIndex(
                name: "ix_meeting_topics_meeting_id",
                table: "meeting_topics",
                column: "meeting_id");

            migrationBuilder.CreateIndex(
                name: "ix_meeting_topics_registration_id",
                table: "meeting_topics",
                column: "registration_id");

            migrationBuilder.CreateIndex(
                name: "ix_meeting_topics_status_meeting_id",
                table: "meeting_topics",
                columns: new[] { "status", "meeting_id" });

            migrationBuilder.CreateIndex(
                name: "ix_town_meetings_area_id",
                table: "town_meetings",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_town_meetings_starts_at",
                table: "town_meetings",
                column: "starts_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "meeting_topics");

            migrationBuilder.DropTable(
                name: "meeting_registrations");

            migrationBuilder.DropTable(
                name: "town_meetings");
        }
    }
}
