using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Features.Places;

/// <summary>居場所 — a place anyone may drop in: 通いの場, サロン会場, 子ども食堂, コミュニティカフェ ….</summary>
public sealed class Place
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Reading in katakana (名称_カナ).</summary>
    public string NameKana { get; set; } = "";

    public string Description { get; set; } = "";

    public required string CategoryCode { get; set; }

    public PlaceCategory? Category { get; set; }

    /// <summary>Who it is for: codes of <see cref="PlaceVocabulary.Audiences"/>.</summary>
    public string[] Audiences { get; set; } = [];

    /// <summary>Weekdays it usually opens, 0 = Sunday … 6 = Saturday (for the weekday filter).</summary>
    public int[] Weekdays { get; set; } = [];

    /// <summary>Days and hours as people say them, e.g. 「第1・第3水曜 10:00〜12:00」.</summary>
    public string ScheduleText { get; set; } = "";

    public bool IsFree { get; set; }

    public string FeeText { get; set; } = "";

    /// <summary>Barrier-free details: codes of <see cref="PlaceVocabulary.Accessibility"/>.</summary>
    public string[] Accessibility { get; set; } = [];

    public string AccessibilityNote { get; set; } = "";

    /// <summary>A 専門職 (nurse, social worker …) is usually there.</summary>
    public bool ProfessionalPresent { get; set; }

    /// <summary>A 民生委員 is usually there.</summary>
    public bool WelfareVolunteerPresent { get; set; }

    public string HostOrganization { get; set; } = "";

    public string ContactPhone { get; set; } = "";

    public string ContactEmail { get; set; } = "";

    public string ContactNote { get; set; } = "";

    public string PostalCode { get; set; } = "";

    /// <summary>The address down to the 町丁目 (e.g. 緑ヶ丘市桜台一丁目): shown for every public place.</summary>
    public string AddressArea { get; set; } = "";

    /// <summary>番地 and building: only public when <see cref="Precision"/> is exact.</summary>
    public string AddressDetail { get; set; } = "";

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public LocationPrecision Precision { get; set; } = LocationPrecision.Exact;

    /// <summary>Where it is, in words (建物の2階、公民館の和室 …).</summary>
    public string LocationDescription { get; set; } = "";

    /// <summary>How to get there (駅から徒歩5分、バス停「桜台」すぐ …).</summary>
    public string Directions { get; set; } = "";

    public int AreaId { get; set; }

    public Area? Area { get; set; }

    public PlaceVisibility Visibility { get; set; } = PlaceVisibility.Public;

    public PlaceStatus Status { get; set; } = PlaceStatus.Pending;

    public string RejectionReason { get; set; } = "";

    /// <summary>The organizer who keeps this listing (gets the freshness mail); null for suggestions and staff entries.</summary>
    public Guid? OrganizerId { get; set; }

    /// <summary>How it came in: web, phone, paper, meeting, suggestion.</summary>
    public string Source { get; set; } = PlaceSources.Web;

    public Guid? EnteredBy { get; set; }

    /// <summary>Idempotency key of the form that created it: a double submit finds the first record.</summary>
    public Guid? SubmissionKey { get; set; }

    /// <summary>Name, reading and description normalised by <see cref="SearchText"/> (trigram-indexed).</summary>
    public string SearchText { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>最終確認日: when the organizer or a coordinator last said the listing is accurate.</summary>
    public DateTimeOffset LastConfirmedAt { get; set; }

    /// <summary>Set when the listing went unconfirmed for too long; cleared on confirmation.</summary>
    public DateTimeOffset? StaleSince { get; set; }

    /// <summary>When the organizer was last reminded, so one period sends one mail.</summary>
    public DateTimeOffset? LastReminderAt { get; set; }

    /// <summary>PostgreSQL xmin: two people editing at once cannot overwrite each other silently.</summary>
    public uint Version { get; set; }

    public void RefreshSearchText() => SearchText = Places.SearchText.Normalize($"{Name} {NameKana} {Description}");
}

public enum PlaceStatus
{
    Pending,
    Published,
    Rejected,
}

public enum PlaceVisibility
{
    Public,

    /// <summary>非公開 (shelters and the like): never on a public page, feed, open data or the API.</summary>
    Hidden,
}

public enum LocationPrecision
{
    Exact,

    /// <summary>A private home: public coordinates on a ~500 m grid and no 番地.</summary>
    Reduced,
}

public static class PlaceSources
{
    public const string Web = "web";
    public const string Phone = "phone";
    public const string Paper = "paper";
    public const string Meeting = "meeting";
    public const string Suggestion = "suggestion";

    public static readonly string[] StaffChoices = [Web, Phone, Paper, Meeting];
}

/// <summary>分類 of a 居場所 — data (seeded by the migration, more can be added), not code.</summary>
public sealed class PlaceCategory
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public int SortOrder { get; set; }
}

/// <summary>One append-only line of a place's history: who did what, when, and the record as it was after.</summary>
public sealed class PlaceHistoryEntry
{
    public long Id { get; set; }

    public int PlaceId { get; set; }

    public Place? Place { get; set; }

    public required string Action { get; set; }

    public Guid? ActorId { get; set; }

    public string ActorName { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string Note { get; set; } = "";

    public required string Snapshot { get; set; }
}

public static class PlaceActions
{
    public const string Submitted = "submitted";
    public const string Created = "created";
    public const string Edited = "edited";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Confirmed = "confirmed";
    public const string FlaggedStale = "flagged-stale";
}
