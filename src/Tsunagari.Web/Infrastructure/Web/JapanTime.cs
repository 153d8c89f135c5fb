namespace Tsunagari.Web;

/// <summary>
/// Japan Standard Time (Asia/Tokyo, UTC+9, no daylight saving). Stored instants are UTC; dates and times that people
/// see or type (a salon at 14:00, a deadline day) are Japan time.
/// </summary>
public static class JapanTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public static DateTimeOffset Now(TimeProvider clock) => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);

    /// <summary>The instant of a Japan-time wall-clock date and time.</summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time) =>
        new(date.ToDateTime(time), Zone.GetUtcOffset(date.ToDateTime(time)));

    public static DateTimeOffset ToJapan(this DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
