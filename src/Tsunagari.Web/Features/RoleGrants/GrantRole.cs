using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Infrastructure.Audit;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.RoleGrants;

public sealed class GrantRoleForm
{
    [Display(Name = "メールアドレス")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [EmailAddress(ErrorMessage = "メールアドレスの形が正しくありません。")]
    [StringLength(254)]
    public string Email { get; set; } = "";

    [Display(Name = "役割")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public string Role { get; set; } = Roles.Coordinator;

    [Display(Name = "地域")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public int? AreaId { get; set; }
}

/// <summary>An admin grants a role on an area inside their own scope. Uniqueness is the database's job; the grant and
/// its audit entry are saved together.</summary>
public sealed class GrantRole(TsunagariDbContext db, UserManager<AppUser> users, AreaAccess access, AuditLog audit, TimeProvider clock)
{
    public enum Result
    {
        Granted,
        AlreadyGranted,
        UnknownUser,
        UnknownRole,
        OutOfScope,
    }

    public static readonly string[] GrantableRoles = [Roles.Volunteer, .. Roles.Staff];

    public async Task<Result> HandleAsync(ClaimsPrincipal admin, GrantRoleForm form, CancellationToken ct)
    {
        if (!GrantableRoles.Contains(form.Role))
        {
            return Result.UnknownRole;
        }

        if (form.AreaId is not int areaId || !await access.CanAsync(admin, Permission.ManageRoles, areaId, ct))
        {
            return Result.OutOfScope;
        }

        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is null)
        {
            return Result.UnknownUser;
        }

        UserGrants.TryGetUserId(admin, out var adminId);
        db.RoleGrants.Add(new RoleGrant
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            Role = form.Role,
            AreaId = areaId,
            GrantedAt = clock.GetUtcNow(),
            GrantedBy = adminId,
        });
        audit.Add(admin, AuditActions.RoleGranted, "user", user.Id.ToString(), areaId, $"{form.Role} → {user.Email}");
        try
        {
            await db.SaveChangesAsync(ct);
            return Result.Granted;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return Result.AlreadyGranted;
        }
    }
}

/// <summary>An admin revokes a grant inside their scope; nobody revokes their own Admin grant (no lock-out by accident).</summary>
public sealed class RevokeRole(TsunagariDbContext db, AreaAccess access, AuditLog audit)
{
    public enum Result
    {
        Revoked,
        NotFound,
        OutOfScope,
        OwnAdminGrant,
    }

    public async Task<Result> HandleAsync(ClaimsPrincipal admin, Guid grantId, CancellationToken ct)
    {
        var grant = await db.RoleGrants.SingleOrDefaultAsync(g => g.Id == grantId, ct);
        if (grant is null)
        {
            return Result.NotFound;
        }

        if (grant.AreaId is not int areaId || !await access.CanAsync(admin, Permission.ManageRoles, areaId, ct))
        {
            return Result.OutOfScope;
        }

        if (UserGrants.TryGetUserId(admin, out var adminId) && grant.UserId == adminId && grant.Role == Roles.Admin)
        {
            return Result.OwnAdminGrant;
        }

        db.RoleGrants.Remove(grant);
        audit.Add(admin, AuditActions.RoleRevoked, "user", grant.UserId.ToString(), areaId, grant.Role);
        await db.SaveChangesAsync(ct);
        return Result.Revoked;
    }
}
