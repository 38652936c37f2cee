package dev.kiln.examples.train;

import dev.kiln.data.datasets.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data fallback: --data, else the Debian folder, else the subset copied out of the class path. */
class DataLocatorTest {

    @Test
    void theShippedSubsetIsCopiedOutAndReads() {
        Path dir = DataLocator.extractSubset();
        assertEquals(java.util.List.of(), DataLocator.missing(dir));
        assertEquals(2000, FashionMnist.builder().root(dir).train(true).build().size());
        assertEquals(500, FashionMnist.builder().root(dir).train(false).build().size());
    }

    @Test
    void withoutDataTheDebianFolderOrTheSubsetIsUsedAndSaid() {
        DataLocator.Source s = DataLocator.locate(null);
        if (Files.isDirectory(DataLocator.DEBIAN) && DataLocator.missing(DataLocator.DEBIAN).isEmpty()) {
            assertEquals(DataLocator.DEBIAN, s.root());
            assertFalse(s.subset());
        } else {
            assertTrue(s.subset());
            assertTrue(s.description().startsWith("the Fashion-MNIST subset shipped with Kiln"), s.description());
        }
    }

    @Test
    void aGivenFolderMustHoldTheFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("train-images-idx3-ubyte"), "raw names count too");
        var e = assertThrows(IllegalArgumentException.class, () -> DataLocator.locate(dir));
        assertEquals("--data " + dir + ": missing train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
                + "t10k-labels-idx1-ubyte.gz (the Fashion-MNIST IDX files, gzip or raw)", e.getMessage());
    }
}
