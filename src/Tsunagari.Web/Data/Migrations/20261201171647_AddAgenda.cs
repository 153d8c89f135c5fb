using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tsunagari.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddAgenda : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agenda_items",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    meeting_date = table.Column<DateOnly>(type: "date", nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    issue_count = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    form_key = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agenda_items", x => x.id);
                    table.CheckConstraint("ck_agenda_items_issue_count", "issue_count >= 0");
                    table.ForeignKey(
                        name: "fk_agenda_items_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "agenda_follow_ups",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    agenda_item_id = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    status_changed_to = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    form_key = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agenda_follow_ups", x => x.id);
                    table.ForeignKey(
                        name: "fk_agenda_follow_ups_agenda_item_agenda_item_id",
                        column: x => x.agenda_item_id,
                        principalTable: "agenda_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agenda_issues",
                columns: table => new
                {
                    agenda_item_id = table.Column<int>(type: "integer", nullable: false),
                    local_issue_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agenda_issues", x => new { x.agenda_item_id, x.local_issue_id });
                    table.ForeignKey(
                        name: "fk_agenda_issues_agenda_item_agenda_item_id",
                        column: x => x.agenda_item_id,
                        principalTable: "agenda_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_agenda_issues_local_issue_local_issue_id",
                        column: x => x.local_issue_id,
                        principalTable: "local_issues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "agenda_resources",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    agenda_item_id = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<int>(type: "integer", nullable: true),
                    salon_id = table.Column<int>(type: "integer", nullable: true),
                    opportunity_id = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agenda_resources", x => x.id);
                    table.CheckConstraint("ck_agenda_resources_one_kind", "num_nonnulls(place_id, salon_id, opportunity_id) = 1");
                    table.ForeignKey(
                        name: "fk_agenda_resources_agenda_items_agenda_item_id",
                        column: x => x.agenda_item_id,
                        principalTable: "agenda_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_agenda_resources_opportunity_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "volunteer_opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_agenda_resources_place_place_id",
                        column: x => x.place_id,
                        principalTable: "places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_agenda_resources_salon_salon_id",
                        column: x => x.salon_id,
                        principalTable: "salons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agenda_follow_ups_agenda_item_id_date",
                table: "agenda_follow_ups",
                columns: new[] { "agenda_item_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_agenda_follow_ups_form_key",
                table: "agenda_follow_ups",
                column: "form_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agenda_issues_local_issue_id",
                table: "agenda_issues",
                column: "local_issue_id");

            migrationBuilder.CreateIndex(
                name: "ix_agenda_items_area_id_meeting_date",
                table: "agenda_items",
                columns: new[] { "area_id", "meeting_date" });

            migrationBuilder.CreateIndex(
                name: "ix_agenda_items_form_key",
                table: "agenda_items",
                column: "form_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agenda_resources_agenda_item_id_opportunity_id",
                table: "agenda_resources",
                columns: new[] { "agenda_item_id", "opportunity_id" },
                unique: true,
                filter: "opportunity_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_agenda_resources_agenda_item_id_place_id",
                table: "agenda_resources",
                columns: new[] { "agenda_item_id", "place_id" },
                unique: true,
                filter: "place_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_agenda_resources_agenda_item_id_salon_id",
                table: "agenda_resources",
                columns: new[] { "agenda_item_id", "salon_id" },
                unique: true,
                filter: "salon_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_agenda_resources_opportunity_id",
                table: "agenda_resources",
                column: "opportunity_id");

            migrationBuilder.CreateIndex(
                name: "ix_agenda_resources_place_id",
                table: "agenda_resources",
                column: "place_id");

            migrationBuilder.CreateIndex(
                name: "ix_agenda_resources_salon_id",
                table: "agenda_resources",
                column: "salon_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agenda_follow_ups");

            migrationBuilder.DropTable(
                name: "agenda_issues");

            migrationBuilder.DropTable(
                name: "agenda_resources");

            migrationBuilder.DropTable(
                name: "agenda_items");
        }
    }
}
