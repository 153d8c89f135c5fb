using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagari.Web.Features.Places;

public sealed class PlaceConfiguration : IEntityTypeConfiguration<Place>
{
    public void Configure(EntityTypeBuilder<Place> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.NameKana).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.Property(p => p.CategoryCode).HasMaxLength(40);
        builder.Property(p => p.ScheduleText).HasMaxLength(300);
        builder.Property(p => p.FeeText).HasMaxLength(200);
        builder.Property(p => p.AccessibilityNote).HasMaxLength(500);
        builder.Property(p => p.HostOrganization).HasMaxLength(100);
        builder.Property(p => p.ContactPhone).HasMaxLength(30);
        builder.Property(p => p.ContactEmail).HasMaxLength(254);
        builder.Property(p => p.ContactNote).HasMaxLength(300);
        builder.Property(p => p.PostalCode).HasMaxLength(8);
        builder.Property(p => p.AddressArea).HasMaxLength(200);
        builder.Property(p => p.AddressDetail).HasMaxLength(200);
        builder.Property(p => p.LocationDescription).HasMaxLength(500);
        builder.Property(p => p.Directions).HasMaxLength(500);
        builder.Property(p => p.RejectionReason).HasMaxLength(500);
        builder.Property(p => p.Source).HasMaxLength(20);
        builder.Property(p => p.SearchText).HasMaxLength(3000);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Visibility).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Precision).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Version).IsRowVersion();

        builder.HasOne(p => p.Area).WithMany().HasForeignKey(p => p.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.AreaId);
        builder.HasIndex(p => p.OrganizerId);
        builder.HasIndex(p => new { p.Status, p.Visibility });
        builder.HasIndex(p => p.SubmissionKey).IsUnique();
        // Substring search over the normalised text (pg_trgm is created by the migration).
        builder.HasIndex(p => p.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.ToTable("places", t =>
        {
            t.HasCheckConstraint("ck_places_latitude", "latitude IS NULL OR (latitude BETWEEN -90 AND 90)");
            t.HasCheckConstraint("ck_places_longitude", "longitude IS NULL OR (longitude BETWEEN -180 AND 180)");
            t.HasCheckConstraint("ck_places_both_coordinates", "(latitude IS NULL) = (longitude IS NULL)");
            t.HasCheckConstraint("ck_places_rejection_reason", "status <> 'Rejected' OR length(rejection_reason) > 0");
        });
    }
}

public sealed class PlaceCategoryConfiguration : IEntityTypeConfiguration<PlaceCategory>
{
    public void Configure(EntityTypeBuilder<PlaceCategory> builder)
    {
        builder.ToTable("place_categories");
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(40);
        builder.Property(c => c.Name).HasMaxLength(50);
        builder.HasData(PlaceVocabulary.SeedCategories);
    }
}

public sealed class PlaceHistoryEntryConfiguration : IEntityTypeConfiguration<PlaceHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PlaceHistoryEntry> builder)
    {
        builder.ToTable("place_history");
        builder.Property(h => h.Action).HasMaxLength(30);
        builder.Property(h => h.ActorName).HasMaxLength(100);
        builder.Property(h => h.Note).HasMaxLength(500);
        builder.Property(h => h.Snapshot).HasColumnType("jsonb");
        builder.HasIndex(h => new { h.PlaceId, h.At });
        builder.HasOne(h => h.Place).WithMany().HasForeignKey(h => h.PlaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
