using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Features.Salons;

/// <summary>A row of <c>/opendata/events.csv</c>; features that hold events (salons, town meetings) each provide theirs.</summary>
public sealed record OpenDataEvent(
    int AreaId, string Id, string Name, DateOnly Date, TimeOnly StartTime, TimeOnly EndTime, string Description,
    string Fee, string Host, string PlaceName, string Address, int? Capacity, string Url, string Note)
{
    /// <summary>参加申込終了日・時間 (Japan time), for events people register for.</summary>
    public DateTime? ApplicationDeadline { get; init; }

    /// <summary>参加申込方法.</summary>
    public string HowToApply { get; init; } = "";
}

/// <summary>A source of open-data events; registered in DI so <c>/opendata/events.csv</c> lists every feature's events.</summary>
public interface IOpenDataEventSource
{
    IAsyncEnumerable<OpenDataEvent> EventsAsync(DateOnly from, DateOnly to, Uri siteBase, CancellationToken ct);
}

/// <summary>iCalendar feeds and open-data rows of public salon sessions.</summary>
public sealed class SalonFeeds(TsunagariDbContext db) : IOpenDataEventSource
{
    public const string TimeZoneId = "Asia/Tokyo";

    /// <summary>
    /// RFC 5545 calendar with a VTIMEZONE for Asia/Tokyo and one VEVENT per session (expanded, so a changed time or
    /// venue is simply that event's); cancelled sessions stay in the feed with STATUS:CANCELLED so calendars drop them.
    /// </summary>
    public static string ICalendar(string name, IEnumerable<SessionListItem> sessions, IReadOnlyDictionary<int, string> descriptions, Uri siteBase, DateTimeOffset now)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//Tsunagari//Salons//JA" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", TimeZoneId);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(TimeZoneId));
        var stamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId);
        foreach (var session in sessions)
        {
            var description = descriptions.GetValueOrDefault(session.SalonId, "");
            if (session.IsCancelled)
            {
                description = $"お休み: {session.CancelReason}\n\n{description}".TrimEnd();
            }

            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"salon-session-{session.Id}@tsunagari",
                DtStamp = stamp,
                DtStart = new CalDateTime(session.Date, session.StartTime, TimeZoneId),
                DtEnd = new CalDateTime(session.Date, session.EndTime, TimeZoneId),
                Summary = session.IsCancelled ? $"【お休み】{session.SalonName}" : session.SalonName,
                Location = string.IsNullOrEmpty(session.VenueAddress) ? session.VenueName : $"{session.VenueName}（{session.VenueAddress}）",
                Description = description,
                Status = session.IsCancelled ? "CANCELLED" : "CONFIRMED",
                Url = new Uri(siteBase, $"/salons/{session.SalonId}"),
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    public async IAsyncEnumerable<OpenDataEvent> EventsAsync(DateOnly from, DateOnly to, Uri siteBase, [EnumeratorCancellation] CancellationToken ct)
    {
        var rows = db.Set<SalonSession>().AsNoTracking()
            .Where(s => s.Date >= from && s.Date <= to && s.Salon!.IsPublic && !s.IsCancelled)
            .OrderBy(s => s.Date).ThenBy(s => s.StartTime).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.SalonId, s.Date, s.StartTime, s.EndTime, s.Salon!.AreaId, s.Salon.Name, s.Salon.Description, s.Salon.Fee,
                s.Salon.HostName, Venue = s.VenueName ?? s.Salon.VenueName,
                Address = s.VenueName == null ? s.Salon.VenueAddress : s.VenueAddress ?? "", s.Salon.Capacity,
            })
            .AsAsyncEnumerable();
        await foreach (var s in rows.WithCancellation(ct))
        {
            yield return new OpenDataEvent(
                s.AreaId, $"SALON{s.Id}", s.Name, s.Date, s.StartTime, s.EndTime, s.Description, s.Fee, s.HostName ?? "",
                s.Venue, s.Address, s.Capacity, new Uri(siteBase, $"/salons/{s.SalonId}").ToString(), "");
        }
    }
}

/// <summary>
/// 自治体標準オープンデータセット「イベント一覧」: UTF-8 with BOM, CRLF, the standard's column names in its order, written
/// row by row to the response as the database streams them.
/// </summary>
public static class EventsCsv
{
    public static readonly string[] Columns =
    [
        "全国地方公共団体コード", "ID", "地方公共団体名", "イベント名", "イベント名_カナ", "イベント名_英語", "開始日", "終了日",
        "開始時間", "終了時間", "開始日時特記事項", "説明", "料金(基本)", "料金(詳細)", "連絡先名称", "連絡先電話番号",
        "連絡先内線番号", "主催者", "場所名称", "住所", "方書", "緯度", "経度", "アクセス方法", "駐車場情報", "定員",
        "参加申込終了日", "参加申込終了時間", "参加申込方法", "URL", "備考",
    ];

    public static async Task WriteAsync(Stream output, IEnumerable<IOpenDataEventSource> sources, IReadOnlyList<AreaListItem> areas, DateOnly from, DateOnly to, Uri siteBase, CancellationToken ct)
    {
        var municipalities = MunicipalityByArea(areas);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" });
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        var rows = 0;
        foreach (var source in sources)
        {
            await foreach (var e in source.EventsAsync(from, to, siteBase, ct))
            {
                var (code, name) = municipalities.GetValueOrDefault(e.AreaId, ("", ""));
                var free = string.IsNullOrWhiteSpace(e.Fee) || e.Fee.Contains("無料", StringComparison.Ordinal);
                string[] fields =
                [
                    code, e.Id, name, e.Name, "", "", Date(e.Date), Date(e.Date), Time(e.StartTime), Time(e.EndTime), "", e.Description,
                    free ? "無料" : "有料", e.Fee, "", "", "", e.Host, e.PlaceName, e.Address, "", "", "", "", "",
                    e.Capacity?.ToString(CultureInfo.InvariantCulture) ?? "",
                    e.ApplicationDeadline is { } by ? Date(DateOnly.FromDateTime(by)) : "",
                    e.ApplicationDeadline is { } at ? Time(TimeOnly.FromDateTime(at)) : "",
                    e.HowToApply, e.Url, e.Note,
                ];
                foreach (var field in fields)
                {
                    csv.WriteField(field);
                }

                await csv.NextRecordAsync();
                if (++rows % 500 == 0)
                {
                    await csv.FlushAsync();
                }
            }
        }

        await csv.FlushAsync();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// For every area, the municipality it lies in: the node one below the root (a 市町村 under its 都道府県). The code is
    /// that node's code when it is a 6-digit 全国地方公共団体コード; the name is prefecture and municipality, e.g. 架空県緑ヶ丘市.
    /// </summary>
    private static Dictionary<int, (string Code, string Name)> MunicipalityByArea(IReadOnlyList<AreaListItem> areas)
    {
        var byId = areas.ToDictionary(a => a.Id);
        var result = new Dictionary<int, (string, string)>();
        foreach (var area in areas)
        {
            var ids = area.Path.Split('.').Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var id) ? id : 0).ToList();
            var root = ids.Count > 0 && byId.TryGetValue(ids[0], out var r) ? r : area;
            var city = ids.Count > 1 && byId.TryGetValue(ids[1], out var c) ? c : null;
            var municipality = city ?? root;
            var code = municipality.Code.Length == 6 && municipality.Code.All(char.IsAsciiDigit) ? municipality.Code : "";
            result[area.Id] = (code, city is null ? root.Name : root.Name + city.Name);
        }

        return result;
    }
}
