using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tsunagari.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class LinkPlaces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The columns existed without a foreign key: a dangling id would stop the constraint, so it is cleared first.
            migrationBuilder.Sql("UPDATE salons SET place_id = NULL WHERE place_id IS NOT NULL AND place_id NOT IN (SELECT id FROM places);");
            migrationBuilder.Sql("UPDATE town_meetings SET place_id = NULL WHERE place_id IS NOT NULL AND place_id NOT IN (SELECT id FROM places);");
            migrationBuilder.Sql("UPDATE volunteer_opportunities SET place_id = NULL WHERE place_id IS NOT NULL AND place_id NOT IN (SELECT id FROM places);");

            migrationBuilder.AddColumn<int>(
                name: "merged_place_id",
                table: "map_submissions",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_opportunities_place_id",
                table: "volunteer_opportunities",
                column: "place_id");

            migrationBuilder.CreateIndex(
                name: "ix_town_meetings_place_id",
                table: "town_meetings",
                column: "place_id");

            migrationBuilder.CreateIndex(
                name: "ix_map_submissions_merged_place_id",
                table: "map_submissions",
                column: "merged_place_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_map_submissions_merged",
                table: "map_submissions",
                sql: "(status = 'Merged') = (merged_place_id IS NOT NULL) AND NOT (kind = 'Concern' AND status = 'Merged')");

            migrationBuilder.AddForeignKey(
                name: "fk_map_submissions_places_merged_place_id",
                table: "map_submissions",
                column: "merged_place_id",
                principalTable: "places",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_salons_places_place_id",
                table: "salons",
                column: "place_id",
                principalTable: "places",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "fk_town_meetings_place_place_id",
                table: "town_meetings",
                column: "place_id",
                principalTable: "places",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "fk_volunteer_opportunities_places_place_id",
                table: "volunteer_opportunities",
                column: "place_id",
                principalTable: "places",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_map_submissions_places_merged_place_id",
                table: "map_submissions");

            migrationBuilder.DropForeignKey(
                name: "fk_salons_places_place_id",
                table: "salons");

            migrationBuilder.DropForeignKey(
                name: "fk_town_meetings_place_place_id",
                table: "town_meetings");

            migrationBuilder.DropForeignKey(
                name: "fk_volunteer_opportunities_places_place_id",
                table: "volunteer_opportunities");

            migrationBuilder.DropIndex(
                name: "ix_volunteer_opportunities_place_id",
                table: "volunteer_opportunities");

            migrationBuilder.DropIndex(
                name: "ix_town_meetings_place_id",
                table: "town_meetings");

            migrationBuilder.DropIndex(
                name: "ix_map_submissions_merged_place_id",
                table: "map_submissions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_map_submissions_merged",
                table: "map_submissions");

            migrationBuilder.DropColumn(
                name: "merged_place_id",
                table: "map_submissions");
        }
    }
}
