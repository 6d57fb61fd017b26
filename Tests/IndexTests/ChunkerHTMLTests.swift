import Testing
@testable import Shared

@Suite("HTML to text")
struct ChunkerHTMLTests {
    @Test("converts markup to plain text", arguments: [
        ("<p>Hello <b>world</b></p><p>Second</p>", "Hello world\n\nSecond"),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        ("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", "- a\n  - b\n- c"),
        ("<ol><li>first</li></ol><p>after</p>", "- first\n\nafter"),
        ("line1<br>line2<br/>line3<BR />line4", "line1\nline2\nline3\nline4"),
        ("a<br><br><br><br>b", "a\n\nb"),
        ("<div>a</div><div>b</div>", "a\nb"),
        ("<script>alert('<p>x</p>')</script><style>p { color: red }</style>text", "text"),
        ("<SCRIPT type=\"text/javascript\">bad()</SCRIPT><P>Upper</P>", "Upper"),
        ("<html><head><title>Mail</title></head><body>Body</body></html>", "Body"),
        ("<!-- hidden <b>comment</b> -->visible<!--[if mso]>word<![endif]-->", "visible"),
        ("<a title=\"a>b\" href='x'>link</a> text", "link text"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a | b\nc"),
        ("<p>  lots   of\n\n   space  </p>", "lots of space"),
        ("<pre>  code\n    indented</pre>", "  code\n    indented"),
        ("<p>Caf&eacute; &amp; &lt;b&gt; &quot;q&quot; &#8364;5 &#x1F600; x&nbsp;y</p>", "Café & <b> \"q\" €5 😀 x y"),
        ("<p>&#150; &#153; &#0; &#xD800;</p>", "– ™ \u{FFFD} \u{FFFD}"),
        ("<p>&bogus; &amp &#; R&D</p>", "&bogus; &amp &#; R&D"),
    ])
    func converts(_ html: String, _ text: String) {
        #expect(HTMLText.plainText(from: html) == text)
    }

    @Test("keeps plain text as it is, decoding entities and keeping line breaks")
    func plainText() {
        #expect(HTMLText.plainText(from: "first line\nsecond &amp; third\n\n\n\nnew paragraph  \n") == "first line\nsecond & third\n\nnew paragraph")
        #expect(HTMLText.plainText(from: "5 < 6 and 7 > 3") == "5 < 6 and 7 > 3")
        #expect(HTMLText.plainText(from: "") == "")
    }

    @Test("keeps text after an unterminated tag or comment out, without crashing")
    func malformed() {
        #expect(HTMLText.plainText(from: "before<b") == "before")
        #expect(HTMLText.plainText(from: "before<!-- never closed") == "before")
        #expect(HTMLText.plainText(from: "x <3 y <p>z") == "x <3 y\n\nz")
    }
}
