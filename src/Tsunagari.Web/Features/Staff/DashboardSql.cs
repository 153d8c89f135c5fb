using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Staff;

/// <summary>Runs one set-based dashboard query on the context's connection and maps its rows.</summary>
internal static class DashboardSql
{
    public static async Task<List<T>> QueryAsync<T>(TsunagariDbContext db, string sql, Action<NpgsqlParameterCollection> parameters, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            parameters(command.Parameters);
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
