using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Places;

/// <summary>
/// Organizers and coordinators create and edit places. A coordinator's (ModerateListings) new place is published at
/// once; an organizer's waits for a coordinator of the area. An organizer keeps editing their own published place
/// directly (every change is in the history); a rejected place goes back to the queue when edited.
/// </summary>
public sealed class SavePlace(TsunagariDbContext db, AreaAccess access, PlaceHistory history, TimeProvider clock)
{
    public enum Outcome
    {
        Saved,
        AlreadySubmitted,
        NotFound,
        OutOfScope,
        UnknownCategory,
        Conflict,
        UnreadablePhoto,
    }

    public sealed record Result(Outcome Outcome, int PlaceId = 0);

    public async Task<Result> CreateAsync(ClaimsPrincipal user, PlaceForm form, CancellationToken ct)
    {
        if (form.SubmissionKey is Guid key && await db.Set<Place>().Where(p => p.SubmissionKey == key).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct) is int existing)
        {
            return new Result(Outcome.AlreadySubmitted, existing);
        }

        if (form.AreaId is not int areaId || !await access.CanAsync(user, Permission.ManageOwnListings, areaId, ct))
        {
            return new Result(Outcome.OutOfScope);
        }

        if (!await CategoryExistsAsync(form.CategoryCode, ct))
        {
            return new Result(Outcome.UnknownCategory);
        }

        var photo = await ReadPhotoAsync(form, ct);
        if (photo is { Readable: false })
        {
            return new Result(Outcome.UnreadablePhoto);
        }

        var moderator = await access.CanAsync(user, Permission.ModerateListings, areaId, ct);
        UserGrants.TryGetUserId(user, out var userId);
        var now = clock.GetUtcNow();
        var place = new Place
        {
            Name = form.Name,
            CategoryCode = form.CategoryCode,
            Status = moderator ? PlaceStatus.Published : PlaceStatus.Pending,
            OrganizerId = moderator ? null : userId,
            EnteredBy = userId,
            SubmissionKey = form.SubmissionKey,
            CreatedAt = now,
            UpdatedAt = now,
            LastConfirmedAt = now,
        };
        form.ApplyTo(place);
        if (!moderator)
        {
            place.Source = PlaceSources.Web;
        }

        db.Set<Place>().Add(place);
        if (photo is { Readable: true })
        {
            db.Set<PlacePhoto>().Add(NewPhoto(place, photo.Value, form, now));
        }

        history.Record(place, moderator ? PlaceActions.Created : PlaceActions.Submitted, user);
        try
        {
            await history.SaveAsync(ct);
            return new Result(Outcome.Saved, place.Id);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && form.SubmissionKey is Guid again)
        {
            // The other half of a double submit won the race: answer with its record.
            db.ChangeTracker.Clear();
            var id = await db.Set<Place>().Where(p => p.SubmissionKey == again).Select(p => p.Id).SingleAsync(ct);
            return new Result(Outcome.AlreadySubmitted, id);
        }
    }

    public async Task<Result> UpdateAsync(ClaimsPrincipal user, int placeId, PlaceForm form, CancellationToken ct)
    {
        var place = await db.Set<Place>().SingleOrDefaultAsync(p => p.Id == placeId, ct);
        if (place is null)
        {
            return new Result(Outcome.NotFound);
        }

        var rights = await RightsAsync(user, place, ct);
        if (rights == EditRights.None)
        {
            return new Result(Outcome.OutOfScope);
        }

        // Moving a place needs the same rights in the new area.
        if (form.AreaId is not int areaId
            || (areaId != place.AreaId && !await access.CanAsync(user, rights == EditRights.Moderator ? Permission.ModerateListings : Permission.ManageOwnListings, areaId, ct)))
        {
            return new Result(Outcome.OutOfScope);
        }

        if (!await CategoryExistsAsync(form.CategoryCode, ct))
        {
            return new Result(Outcome.UnknownCategory);
        }

        var photo = await ReadPhotoAsync(form, ct);
        if (photo is { Readable: false })
        {
            return new Result(Outcome.UnreadablePhoto);
        }

        if (form.Version is uint version)
        {
            db.Entry(place).Property(p => p.Version).OriginalValue = version;
        }

        var source = place.Source;
        form.ApplyTo(place);
        if (rights != EditRights.Moderator)
        {
            place.Source = source;
        }

        var now = clock.GetUtcNow();
        place.UpdatedAt = now;
        // Editing the listing is saying it is accurate.
        place.LastConfirmedAt = now;
        place.StaleSince = null;
        if (place.Status == PlaceStatus.Rejected && rights != EditRights.Moderator)
        {
            place.Status = PlaceStatus.Pending;
            place.RejectionReason = "";
        }

        var existingPhoto = await db.Set<PlacePhoto>().SingleOrDefaultAsync(p => p.PlaceId == placeId, ct);
        if (photo is { Readable: true } upload)
        {
            var fresh = NewPhoto(place, upload, form, now);
            if (existingPhoto is null)
            {
                db.Set<PlacePhoto>().Add(fresh);
            }
            else
            {
                (existingPhoto.Jpeg, existingPhoto.Width, existingPhoto.Height, existingPhoto.AltText, existingPhoto.UpdatedAt) =
                    (fresh.Jpeg, fresh.Width, fresh.Height, fresh.AltText, fresh.UpdatedAt);
            }
        }
        else if (existingPhoto is not null && form.RemovePhoto)
        {
            db.Set<PlacePhoto>().Remove(existingPhoto);
        }
        else if (existingPhoto is not null && !string.IsNullOrWhiteSpace(form.PhotoAlt))
        {
            existingPhoto.AltText = form.PhotoAlt.Trim();
        }

        history.Record(place, PlaceActions.Edited, user, photo is not null ? "写真を更新" : form.RemovePhoto && existingPhoto is not null ? "写真を削除" : "");
        try
        {
            await history.SaveAsync(ct);
            return new Result(Outcome.Saved, place.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new Result(Outcome.Conflict, placeId);
        }
    }

    public enum EditRights
    {
        None,
        Owner,
        Moderator,
    }

    /// <summary>Coordinators of the area may edit any place there; organizers only their own, inside their scope.</summary>
    public async Task<EditRights> RightsAsync(ClaimsPrincipal user, Place place, CancellationToken ct)
    {
        if (await access.CanAsync(user, Permission.ModerateListings, place.AreaId, ct))
        {
            return EditRights.Moderator;
        }

        return UserGrants.TryGetUserId(user, out var userId) && place.OrganizerId == userId
            && await access.CanAsync(user, Permission.ManageOwnListings, place.AreaId, ct)
            ? EditRights.Owner
            : EditRights.None;
    }

    private readonly record struct PhotoUpload(bool Readable, byte[] Jpeg, int Width, int Height);

    private static async Task<PhotoUpload?> ReadPhotoAsync(PlaceForm form, CancellationToken ct)
    {
        if (form.Photo is not { Length: > 0 and <= PhotoResizer.MaxUploadBytes } file)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var resized = PhotoResizer.Resize(buffer.ToArray());
        return resized is { } r ? new PhotoUpload(true, r.Jpeg, r.Width, r.Height) : new PhotoUpload(false, [], 0, 0);
    }

    private static PlacePhoto NewPhoto(Place place, PhotoUpload photo, PlaceForm form, DateTimeOffset now) => new()
    {
        Place = place,
        Jpeg = photo.Jpeg,
        Width = photo.Width,
        Height = photo.Height,
        AltText = (form.PhotoAlt ?? "").Trim(),
        UpdatedAt = now,
    };

    private Task<bool> CategoryExistsAsync(string code, CancellationToken ct) =>
        db.Set<PlaceCategory>().AnyAsync(c => c.Code == code, ct);
}

/// <summary>A coordinator of the area approves a waiting place or rejects it with a reason.</summary>
public sealed class ModeratePlace(TsunagariDbContext db, AreaAccess access, PlaceHistory history, TimeProvider clock)
{
    public enum Outcome
    {
        Done,
        NotFound,
        OutOfScope,
        NotPending,
        ReasonRequired,
    }

    public async Task<Outcome> ApproveAsync(ClaimsPrincipal user, int placeId, CancellationToken ct) =>
        await DecideAsync(user, placeId, approve: true, reason: null, ct);

    public async Task<Outcome> RejectAsync(ClaimsPrincipal user, int placeId, string? reason, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(reason) ? Outcome.ReasonRequired : await DecideAsync(user, placeId, approve: false, reason.Trim(), ct);

    private async Task<Outcome> DecideAsync(ClaimsPrincipal user, int placeId, bool approve, string? reason, CancellationToken ct)
    {
        var place = await db.Set<Place>().SingleOrDefaultAsync(p => p.Id == placeId, ct);
        if (place is null)
        {
            return Outcome.NotFound;
        }

        if (!await access.CanAsync(user, Permission.ModerateListings, place.AreaId, ct))
        {
            return Outcome.OutOfScope;
        }

        if (place.Status != PlaceStatus.Pending)
        {
            return Outcome.NotPending;
        }

        var now = clock.GetUtcNow();
        place.Status = approve ? PlaceStatus.Published : PlaceStatus.Rejected;
        place.RejectionReason = reason ?? "";
        place.UpdatedAt = now;
        if (approve)
        {
            place.LastConfirmedAt = now;
        }

        history.Record(place, approve ? PlaceActions.Approved : PlaceActions.Rejected, user, reason ?? "");
        try
        {
            await history.SaveAsync(ct);
            return Outcome.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Two coordinators decided at once (the row version changed): the first decision stands.
            db.ChangeTracker.Clear();
            return Outcome.NotPending;
        }
    }
}
