package io.atrium.command.miniprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.events.InvalidValueException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** What an uploaded icon must be before anything is stored: a whole PNG or JPEG, square, of an icon's size. */
class IconUploadsTest {

    static byte[] image(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x2f6fdf));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    @Test
    void takesASquarePngAndAJpegAndReadsTheirSize() throws IOException {
        IconUploads.Inspected png = IconUploads.inspect(image("png", 144, 144));
        assertThat(png.mediaType()).isEqualTo("image/png");
        assertThat(png.width()).isEqualTo(144);
        assertThat(png.height()).isEqualTo(144);
        assertThat(png.digest()).matches("[0-9a-f]{64}");

        IconUploads.Inspected jpeg = IconUploads.inspect(image("jpeg", 256, 256));
        assertThat(jpeg.mediaType()).isEqualTo("image/jpeg");
        assertThat(jpeg.width()).isEqualTo(256);
    }

    @Test
    void goesByTheBytesNotByWhatTheFileClaims() throws IOException {
        byte[] gif = image("gif", 144, 144);
        assertThatThrownBy(() -> IconUploads.inspect(gif))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("PNG or a JPEG")
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("icon");
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes();
        assertThatThrownBy(() -> IconUploads.inspect(svg)).hasMessageContaining("PNG or a JPEG");
        assertThatThrownBy(() -> IconUploads.inspect(new byte[0])).hasMessageContaining("no image");
    }

    @Test
    void refusesImagesThatAreNotIconShaped() throws IOException {
        byte[] wide = image("png", 200, 144);
        assertThatThrownBy(() -> IconUploads.inspect(wide)).hasMessageContaining("square");
        byte[] tiny = image("png", 32, 32);
        assertThatThrownBy(() -> IconUploads.inspect(tiny)).hasMessageContaining("64 to 1024");
    }

    /** A header claiming 30000 x 30000 is refused from the header, before any pixel is decoded. */
    @Test
    void refusesAHugeImageFromItsHeader() throws IOException {
        byte[] png = image("png", 144, 144);
        // IHDR's width and height, right after the signature (8), the chunk length (4) and type (4).
        byte[] forged = png.clone();
        int side = 30_000;
        for (int offset : new int[] {16, 20}) {
            forged[offset] = (byte) (side >>> 24);
            forged[offset + 1] = (byte) (side >>> 16);
            forged[offset + 2] = (byte) (side >>> 8);
            forged[offset + 3] = (byte) side;
        }
        assertThatThrownBy(() -> IconUploads.inspect(forged)).hasMessageContaining("30000 pixels");
    }

    @Test
    void refusesAnImageCutShortOrCorrupt() throws IOException {
        byte[] png = image("png", 144, 144);
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> IconUploads.inspect(cut))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("cannot be read");
        byte[] jpeg = image("jpeg", 144, 144);
        byte[] garbled = jpeg.clone();
        Arrays.fill(garbled, 200, garbled.length, (byte) 0);
        assertThatThrownBy(() -> IconUploads.inspect(garbled))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("cannot be read");
    }

    /** A progressive JPEG decodes once per scan; a small one can cost seconds, so icons are baseline. */
    @Test
    void refusesAProgressiveJpeg() throws IOException {
        BufferedImage image = new BufferedImage(144, 144, BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageWriter writer =
                ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        assertThatThrownBy(() -> IconUploads.inspect(out.toByteArray()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("progressive");
        // The same image, baseline, is taken.
        assertThat(IconUploads.inspect(image("jpeg", 144, 144)).mediaType()).isEqualTo("image/jpeg");
    }

    @Test
    void refusesMoreBytesThanAnIconMayHave() {
        byte[] big = new byte[300_000];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, big, 0, 8);
        assertThatThrownBy(() -> IconUploads.inspect(big)).hasMessageContaining("at most 256 KiB");
    }
}
