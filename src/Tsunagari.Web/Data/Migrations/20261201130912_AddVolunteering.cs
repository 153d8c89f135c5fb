using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Tsunagari.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddVolunteering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // btree_gist lets an exclusion constraint combine "same person" (=) with "overlapping time" (&&).
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS btree_gist;");

            migrationBuilder.CreateTable(
                name: "volunteer_opportunities",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    helps_whom = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    host_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: true),
                    location_text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    skill_ids = table.Column<List<int>>(type: "integer[]", nullable: false),
                    is_published = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volunteer_opportunities", x => x.id);
                    table.ForeignKey(
                        name: "fk_volunteer_opportunities_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "volunteer_profiles",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    skill_ids = table.Column<List<int>>(type: "integer[]", nullable: false),
                    area_ids = table.Column<List<int>>(type: "integer[]", nullable: false),
                    weekdays = table.Column<int>(type: "integer", nullable: false),
                    time_bands = table.Column<int>(type: "integer", nullable: false),
                    contact_preference = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    accepts_invitations = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volunteer_profiles", x => x.user_id);
                    table.CheckConstraint("ck_volunteer_profiles_contact", "contact_preference IN ('email', 'phone')");
                    table.CheckConstraint("ck_volunteer_profiles_time_bands", "time_bands BETWEEN 0 AND 7");
                    table.CheckConstraint("ck_volunteer_profiles_weekdays", "weekdays BETWEEN 0 AND 127");
                    table.ForeignKey(
                        name: "fk_volunteer_profiles_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "volunteer_skills",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volunteer_skills", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "volunteer_shifts",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    opportunity_id = table.Column<int>(type: "integer", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    slots = table.Column<int>(type: "integer", nullable: false),
                    confirmed_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volunteer_shifts", x => x.id);
                    table.CheckConstraint("ck_volunteer_shifts_confirmed", "confirmed_count >= 0 AND confirmed_count <= slots");
                    table.CheckConstraint("ck_volunteer_shifts_slots", "slots BETWEEN 1 AND 1000");
                    table.CheckConstraint("ck_volunteer_shifts_times", "ends_at > starts_at");
                    table.ForeignKey(
                        name: "fk_volunteer_shifts_volunteer_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "volunteer_opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "volunteer_signups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    shift_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    guest_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    volunteer_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    waitlist_position = table.Column<int>(type: "integer", nullable: true),
                    channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    entered_by = table.Column<Guid>(type: "uuid", nullable: true),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    promoted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reminder_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attended = table.Column<bool>(type: "boolean", nullable: true),
                    hours = table.Column<decimal>(type: "numeric(4,1)", precision: 4, scale: 1, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volunteer_signups", x => x.id);
                    table.CheckConstraint("ck_volunteer_signups_channel", "channel IN ('web', 'api', 'phone', 'paper')");
                    table.CheckConstraint("ck_volunteer_signups_hours", "hours IS NULL OR (hours >= 0 AND hours <= 24)");
                    table.CheckConstraint("ck_volunteer_signups_proxy", "channel NOT IN ('phone', 'paper') OR entered_by IS NOT NULL");
                    table.CheckConstraint("ck_volunteer_signups_status", "status IN ('confirmed', 'waitlisted', 'cancelled')");
                    table.CheckConstraint("ck_volunteer_signups_waitlist", "status <> 'waitlisted' OR waitlist_position IS NOT NULL");
                    table.CheckConstraint("ck_volunteer_signups_who", "user_id IS NOT NULL OR (guest_name IS NOT NULL AND (email IS NOT NULL OR phone IS NOT NULL))");
                    table.ForeignKey(
                        name: "fk_volunteer_signups_asp_net_users_entered_by",
                        column: x => x.entered_by,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_volunteer_signups_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_volunteer_signups_volunteer_shifts_shift_id",
                        column: x => x.shift_id,
                        principalTable: "volunteer_shifts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "volunteer_skills",
                columns: new[] { "id", "name", "sort_order" },
                values: new object[,]
                {
                    { 1, "買い物支援", 1 },
                    { 2, "送迎", 2 },
                    { 3, "庭木の手入れ", 3 },
                    { 4, "見守り", 4 },
                    { 5, "調理", 5 },
                    { 6, "傾聴", 6 },
                    { 7, "IT支援", 7 },
                    { 8, "ゴミ出し", 8 },
                    { 9, "サロンの運営補助", 9 },
                    { 10, "除雪・草取り", 10 }
                });

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_opportunities_area_id",
                table: "volunteer_opportunities",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_opportunities_skill_ids",
                table: "volunteer_opportunities",
                column: "skill_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_profiles_skill_ids",
                table: "volunteer_profiles",
                column: "skill_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_shifts_opportunity_id_starts_at",
                table: "volunteer_shifts",
                columns: new[] { "opportunity_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_shifts_starts_at",
                table: "volunteer_shifts",
                column: "starts_at");

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_signups_entered_by",
                table: "volunteer_signups",
                column: "entered_by");

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_signups_reminder_due",
                table: "volunteer_signups",
                column: "starts_at",
                filter: "status = 'confirmed' AND reminder_sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_signups_shift_id_status_waitlist_position",
                table: "volunteer_signups",
                columns: new[] { "shift_id", "status", "waitlist_position" });

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_signups_user_id",
                table: "volunteer_signups",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ux_volunteer_signups_live",
                table: "volunteer_signups",
                columns: new[] { "shift_id", "volunteer_key" },
                unique: true,
                filter: "status <> 'cancelled'");

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_skills_name",
                table: "volunteer_skills",
                column: "name",
                unique: true);

            // Nobody is confirmed for two shifts at overlapping times, however the requests race.
            migrationBuilder.Sql(
                "ALTER TABLE volunteer_signups ADD CONSTRAINT ex_volunteer_signups_no_overlap " +
                "EXCLUDE USING gist (volunteer_key WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status = 'confirmed');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE volunteer_signups DROP CONSTRAINT IF EXISTS ex_volunteer_signups_no_overlap;");

            migrationBuilder.DropTable(
                name: "volunteer_profiles");

            migrationBuilder.DropTable(
                name: "volunteer_signups");

            migrationBuilder.DropTable(
                name: "volunteer_skills");

            migrationBuilder.DropTable(
                name: "volunteer_shifts");

            migrationBuilder.DropTable(
                name: "volunteer_opportunities");
        }
    }
}
