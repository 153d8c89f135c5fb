using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.OutputCaching;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Places;

/// <summary>
/// Appends to <c>place_history</c> (the database refuses UPDATE and DELETE on it) in the caller's unit of work, and
/// evicts the cached public pages once a change is saved.
/// </summary>
public sealed class PlaceHistory(TsunagariDbContext db, TimeProvider clock, IOutputCacheStore cache)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Adds a history line in the caller's unit of work (a new place gets its key on the same save).</summary>
    public void Record(Place place, string action, ClaimsPrincipal? actor, string note = "") =>
        db.Set<PlaceHistoryEntry>().Add(new PlaceHistoryEntry
        {
            Place = place,
            Action = action,
            ActorId = actor is not null && UserGrants.TryGetUserId(actor, out var id) ? id : null,
            ActorName = actor?.Identity?.IsAuthenticated == true ? actor.DisplayName() : "",
            At = clock.GetUtcNow(),
            Note = note,
            Snapshot = JsonSerializer.Serialize(Snapshot.Of(place), Json),
        });

    /// <summary>Saves the place, its history and any queued mail at once, then evicts the public pages.</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await EvictAsync(ct);
    }

    /// <summary>
    /// Evicts every cached public page: salons, meetings and volunteering pages show a linked place's name and address
    /// too, and a place that turns 非公開 must leave them at once.
    /// </summary>
    public async Task EvictAsync(CancellationToken ct)
    {
        await cache.EvictByTagAsync(PlacesSetup.CacheTag, ct);
        await cache.EvictByTagAsync(Infrastructure.Web.PublicPageCache.Tags.All, ct);
    }

    /// <summary>What the history keeps: every field a person edits, not the derived search text.</summary>
    private sealed record Snapshot(
        string Name, string NameKana, string Description, string Category, int AreaId, string[] Audiences, int[] Weekdays,
        string Schedule, bool IsFree, string Fee, string[] Accessibility, string AccessibilityNote, bool ProfessionalPresent,
        bool WelfareVolunteerPresent, string HostOrganization, string ContactPhone, string ContactEmail, string ContactNote,
        string PostalCode, string AddressArea, string AddressDetail, double? Latitude, double? Longitude, string Precision,
        string LocationDescription, string Directions, string Visibility, string Status, string RejectionReason,
        Guid? OrganizerId, string Source, DateTimeOffset LastConfirmedAt)
    {
        public static Snapshot Of(Place p) => new(
            p.Name, p.NameKana, p.Description, p.CategoryCode, p.AreaId, p.Audiences, p.Weekdays, p.ScheduleText, p.IsFree,
            p.FeeText, p.Accessibility, p.AccessibilityNote, p.ProfessionalPresent, p.WelfareVolunteerPresent,
            p.HostOrganization, p.ContactPhone, p.ContactEmail, p.ContactNote, p.PostalCode, p.AddressArea, p.AddressDetail,
            p.Latitude, p.Longitude, p.Precision.ToString(), p.LocationDescription, p.Directions, p.Visibility.ToString(),
            p.Status.ToString(), p.RejectionReason, p.OrganizerId, p.Source, p.LastConfirmedAt);
    }
}
