using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tsunagari.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddIssueRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "issue_rollups",
                columns: table => new
                {
                    area_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    category_id = table.Column<int>(type: "integer", nullable: false),
                    field = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    issue_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issue_rollups", x => new { x.area_id, x.month, x.category_id, x.field, x.status });
                    table.ForeignKey(
                        name: "fk_issue_rollups_areas_area_id",
                        column: x => x.area_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_issue_rollups_issue_category_category_id",
                        column: x => x.category_id,
                        principalTable: "issue_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_issue_rollups_category_id",
                table: "issue_rollups",
                column: "category_id");

            // Triggers keep the rollup exact as issues change, and the last statement counts the issues that exist.
            migrationBuilder.Sql(Tsunagari.Web.Features.Dashboards.IssueRollupSql.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Tsunagari.Web.Features.Dashboards.IssueRollupSql.Drop);
            migrationBuilder.DropTable(
                name: "issue_rollups");
        }
    }
}
