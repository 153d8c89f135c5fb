using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tsunagari.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddSalons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "salons",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    organizer_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    host_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    for_whom = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    fee = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    venue_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    venue_address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: true),
                    is_public = table.Column<bool>(type: "boolean", nullable: false),
                    schedule_kind = table.Column<int>(type: "integer", nullable: false),
                    weekdays = table.Column<int[]>(type: "integer[]", nullable: false),
                    week_ordinals = table.Column<int[]>(type: "integer[]", nullable: false),
                    day_of_month = table.Column<int>(type: "integer", nullable: true),
                    start_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    end_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    extra_dates = table.Column<DateOnly[]>(type: "date[]", nullable: false),
                    exception_dates = table.Column<DateOnly[]>(type: "date[]", nullable: false),
                    holiday_rule = table.Column<int>(type: "integer", nullable: false),
                    creation_token = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_salons", x => x.id);
                    table.CheckConstraint("ck_salons_capacity", "capacity IS NULL OR capacity > 0");
                    table.CheckConstraint("ck_salons_dates", "end_date IS NULL OR end_date >= start_date");
                    table.CheckConstraint("ck_salons_day_of_month", "day_of_month IS NULL OR day_of_month BETWEEN 1 AND 31");
                    table.CheckConstraint("ck_salons_for_whom", "for_whom IN ('everyone', 'seniors', 'parents', 'children', 'disabilities')");
                    table.CheckConstraint("ck_salons_times", "end_time > start_time");
                    table.ForeignKey(
                        name: "fk_salons_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_salons_asp_net_users_organizer_user_id",
                        column: x => x.organizer_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "salon_sessions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    salon_id = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    start_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    end_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    time_changed = table.Column<bool>(type: "boolean", nullable: false),
                    venue_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    venue_address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    is_cancelled = table.Column<bool>(type: "boolean", nullable: false),
                    cancel_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    is_extra = table.Column<bool>(type: "boolean", nullable: false),
                    attendance = table.Column<int>(type: "integer", nullable: true),
                    attendance_under65 = table.Column<int>(type: "integer", nullable: true),
                    attendance65to74 = table.Column<int>(type: "integer", nullable: true),
                    attendance75plus = table.Column<int>(type: "integer", nullable: true),
                    attendance_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_salon_sessions", x => x.id);
                    table.CheckConstraint("ck_salon_sessions_attendance", "(attendance IS NULL AND attendance_under65 IS NULL AND attendance65to74 IS NULL AND attendance75plus IS NULL) OR (attendance BETWEEN 0 AND 10000 AND ((attendance_under65 IS NULL AND attendance65to74 IS NULL AND attendance75plus IS NULL) OR (attendance_under65 >= 0 AND attendance65to74 >= 0 AND attendance75plus >= 0 AND attendance_under65 + attendance65to74 + attendance75plus = attendance)))");
                    table.CheckConstraint("ck_salon_sessions_cancel_reason", "is_cancelled OR cancel_reason IS NULL");
                    table.CheckConstraint("ck_salon_sessions_times", "end_time > start_time");
                    table.ForeignKey(
                        name: "fk_salon_sessions_salons_salon_id",
                        column: x => x.salon_id,
                        principalTable: "salons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_salon_sessions_date_salon_id",
                table: "salon_sessions",
                columns: new[] { "date", "salon_id" });

            migrationBuilder.CreateIndex(
                name: "ix_salon_sessions_salon_id_date",
                table: "salon_sessions",
                columns: new[] { "salon_id", "date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_salons_area_id",
                table: "salons",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_salons_creation_token",
                table: "salons",
                column: "creation_token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_salons_organizer_user_id",
                table: "salons",
                column: "organizer_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_salons_place_id",
                table: "salons",
                column: "place_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "salon_sessions");

            migrationBuilder.DropTable(
                name: "salons");
        }
    }
}
