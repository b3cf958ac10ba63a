import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

/**
 * epubcheck over many EPUBs in one JVM (java -cp epubcheck.jar EpubcheckMany.java a.epub b.epub):
 * starting a JVM per book cost the corpus test minutes. Prints epubcheck's own lines,
 * `ERROR(RSC-005): a.epub/OEBPS/x.xhtml(3,4): …`, then `DONE a.epub` after each book.
 */
public class EpubcheckMany {
  public static void main(String[] args) {
    for (String path : args) {
      DefaultReportImpl report = new DefaultReportImpl(path);
      new EpubCheck(new File(path), report).doValidate();
      // On stderr, after the book's own messages there.
      System.err.println("DONE " + path);
    }
  }
}
