using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkiaSharp;

namespace Tsunagari.Web.Features.Places;

/// <summary>The optional photo of a place: re-encoded as a small JPEG (which also drops EXIF, GPS included).</summary>
public sealed class PlacePhoto
{
    public int PlaceId { get; set; }

    public Place? Place { get; set; }

    public required byte[] Jpeg { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>Text alternative for screen readers, written by the person who uploaded it.</summary>
    public string AltText { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class PlacePhotoConfiguration : IEntityTypeConfiguration<PlacePhoto>
{
    public void Configure(EntityTypeBuilder<PlacePhoto> builder)
    {
        builder.ToTable("place_photos");
        builder.HasKey(p => p.PlaceId);
        builder.Property(p => p.AltText).HasMaxLength(200);
        builder.HasOne(p => p.Place).WithOne().HasForeignKey<PlacePhoto>(p => p.PlaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Decodes an upload and re-encodes it at most <see cref="MaxSide"/> pixels on its longer side.</summary>
public static class PhotoResizer
{
    public const int MaxUploadBytes = 8 * 1024 * 1024;
    public const int MaxSide = 800;

    /// <summary>The resized JPEG, or null when the bytes are not an image SkiaSharp can read.</summary>
    public static (byte[] Jpeg, int Width, int Height)? Resize(byte[] upload)
    {
        using var codec = SKCodec.Create(new MemoryStream(upload));
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 || (long)codec.Info.Width * codec.Info.Height > 50_000_000)
        {
            return null;
        }

        using var original = SKBitmap.Decode(codec);
        if (original is null)
        {
            return null;
        }

        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(original.Width, original.Height));
        var width = Math.Max(1, (int)Math.Round(original.Width * scale));
        var height = Math.Max(1, (int)Math.Round(original.Height * scale));
        using var resized = original.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (resized is null)
        {
            return null;
        }

        using var image = SKImage.FromBitmap(resized);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return (data.ToArray(), width, height);
    }
}
