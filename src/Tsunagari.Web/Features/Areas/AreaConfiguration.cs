using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagari.Web.Features.Areas;

public sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> builder)
    {
        // HiLo lets an import assign ids (and so paths) before the rows are written.
        builder.Property(a => a.Id).UseHiLo("area_hilo");
        builder.Property(a => a.Code).HasMaxLength(64);
        builder.Property(a => a.Name).HasMaxLength(100);
        builder.Property(a => a.NameKana).HasMaxLength(200);
        builder.Property(a => a.Level).HasMaxLength(50);
        builder.Property(a => a.Path).HasMaxLength(400);
        builder.Property(a => a.BoundaryGeoJson).HasColumnType("jsonb");
        builder.HasIndex(a => a.Code).IsUnique();
        builder.HasIndex(a => a.Path).HasOperators("text_pattern_ops");
        builder.HasIndex(a => a.ParentId);
        builder.HasOne(a => a.Parent).WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_areas_population", "population IS NULL OR population >= 0");
            t.HasCheckConstraint("ck_areas_population65", "population65 IS NULL OR (population65 >= 0 AND (population IS NULL OR population65 <= population))");
            t.HasCheckConstraint("ck_areas_population75", "population75 IS NULL OR (population75 >= 0 AND (population65 IS NULL OR population75 <= population65))");
        });
    }
}
