using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tsunagari.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ComposeMailAtSend : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<byte[]>(
                name: "mime",
                table: "outbox_messages",
                type: "bytea",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "bytea");

            migrationBuilder.AddColumn<string>(
                name: "attachment_name",
                table: "outbox_messages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachment_text",
                table: "outbox_messages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachment_type",
                table: "outbox_messages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recipient_name",
                table: "outbox_messages",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "text_body",
                table: "outbox_messages",
                type: "text",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_outbox_messages_content",
                table: "outbox_messages",
                sql: "text_body IS NOT NULL OR mime IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_outbox_messages_content",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "attachment_name",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "attachment_text",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "attachment_type",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "recipient_name",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "text_body",
                table: "outbox_messages");

            migrationBuilder.AlterColumn<byte[]>(
                name: "mime",
                table: "outbox_messages",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "bytea",
                oldNullable: true);
        }
    }
}
