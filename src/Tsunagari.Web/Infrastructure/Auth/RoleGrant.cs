using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Infrastructure.Auth;

/// <summary>A role held by a user on an area node (and so on its whole subtree).</summary>
public sealed class RoleGrant
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public AppUser? User { get; set; }

    public required string Role { get; set; }

    /// <summary>Null only for the unscoped roles (Volunteer).</summary>
    public int? AreaId { get; set; }

    public Area? Area { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    public Guid? GrantedBy { get; set; }
}

public sealed class RoleGrantConfiguration : IEntityTypeConfiguration<RoleGrant>
{
    public void Configure(EntityTypeBuilder<RoleGrant> builder)
    {
        builder.Property(g => g.Role).HasMaxLength(32);
        builder.HasIndex(g => new { g.UserId, g.Role, g.AreaId }).IsUnique().AreNullsDistinct(false);
        builder.HasOne(g => g.User).WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(g => g.Area).WithMany().HasForeignKey(g => g.AreaId).OnDelete(DeleteBehavior.Restrict);
        var scoped = string.Join(", ", Roles.Staff.Select(r => $"'{r}'"));
        var known = string.Join(", ", Roles.All.Select(r => $"'{r}'"));
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_role_grants_role", $"role IN ({known})");
            t.HasCheckConstraint("ck_role_grants_area", $"role NOT IN ({scoped}) OR area_id IS NOT NULL");
        });
    }
}
