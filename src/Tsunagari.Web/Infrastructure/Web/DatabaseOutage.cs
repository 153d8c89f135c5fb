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

    /// <summary>
    /// The status for an exception nobody handled: 503 for a database outage; the client's fault for a request the
    /// server could not even read (a body over the size limits, a malformed form or multipart body) — 413 or 400;
    /// 500 for everything else.
    /// </summary>
    public static int StatusCodeFor(Exception exception) => exception switch
    {
        _ when Is(exception) => StatusCodes.Status503ServiceUnavailable,
        BadHttpRequestException bad => bad.StatusCode,
        InvalidDataException when exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => StatusCodes.Status413PayloadTooLarge,
        InvalidDataException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}
