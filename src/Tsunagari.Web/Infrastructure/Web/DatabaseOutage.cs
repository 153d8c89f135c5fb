using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>Recognises "the database is not answering" (restart, failover, network) so it is answered with 503.</summary>
public static class DatabaseOutage
{
    public static bool Is(Exception? exception) => exception switch
    {
        null => false,
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } => true,
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" } => true, // shutdown, crash, starting, too many connections
        RetryLimitExceededException => true,
        DbException { InnerException: SocketException } => true,
        _ => Is(exception.InnerException),
    };

    public static int StatusCodeFor(Exception exception) =>
        Is(exception) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
}
