using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>技能 — what a volunteer can do (買い物支援, 送迎, …). Lookup data seeded by the migration.</summary>
public sealed class Skill
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public int SortOrder { get; set; }

    /// <summary>The seeded skills; the migration inserts these rows with these ids.</summary>
    public static readonly Skill[] Seed =
    [
        new() { Id = 1, Name = "買い物支援", SortOrder = 1 },
        new() { Id = 2, Name = "送迎", SortOrder = 2 },
        new() { Id = 3, Name = "庭木の手入れ", SortOrder = 3 },
        new() { Id = 4, Name = "見守り", SortOrder = 4 },
        new() { Id = 5, Name = "調理", SortOrder = 5 },
        new() { Id = 6, Name = "傾聴", SortOrder = 6 },
        new() { Id = 7, Name = "IT支援", SortOrder = 7 },
        new() { Id = 8, Name = "ゴミ出し", SortOrder = 8 },
        new() { Id = 9, Name = "サロンの運営補助", SortOrder = 9 },
        new() { Id = 10, Name = "除雪・草取り", SortOrder = 10 },
    ];
}

public sealed class SkillConfiguration : IEntityTypeConfiguration<Skill>
{
    public void Configure(EntityTypeBuilder<Skill> builder)
    {
        builder.ToTable("volunteer_skills");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(50);
        builder.HasIndex(s => s.Name).IsUnique();
        builder.HasData(Skill.Seed);
    }
}
