import Testing
@testable import Shared

@Suite("Identifier-shaped query tokens")
struct IdentifierTokensTests {
    @Test("error codes, versions, hosts, mailboxes, products and ticket numbers are identifiers", arguments: [
        ("Outlook error 0x8004010F when sending", ["0x8004010F"]),
        ("KB5034441 will not install", ["KB5034441"]),
        ("sign-in fails with AADSTS50076", ["AADSTS50076"]),
        ("Backup failed on srv-db01.contoso.local.", ["srv-db01.contoso.local"]),
        ("forward mail to hr@contoso.com please", ["hr@contoso.com"]),
        ("contoso.com and www.fabrikam.example are down", ["contoso.com", "www.fabrikam.example"]),
        ("VPN client 7.0.7 and Entra Connect 2.3.6.0", ["7.0.7", "2.3.6.0"]),
        ("users get KRB_AP_ERR_SKEW", ["KRB_AP_ERR_SKEW"]),
        ("FortiClient keeps dropping", ["FortiClient"]),
        ("Yealink T46U on the desk", ["T46U"]),
        ("patch CVE-2024-21413 tonight", ["CVE-2024-21413"]),
        ("what happened on ticket #1042?", ["1042"]),
        ("look at 2210", ["2210"]),
        ("VPN error 809 again", ["809"]),
        ("open TCP 3389 to 81.2.69.142", ["3389", "81.2.69.142"]),
        ("path \\\\fs01\\Finance is gone", ["\\\\fs01\\Finance"]),
    ])
    func identifiers(text: String, expected: [String]) {
        #expect(IdentifierTokens.find(in: text) == expected)
        #expect(IdentifierTokens.occur(in: text))
    }

    @Test("everyday wording holds no identifier", arguments: [
        "my VPN drops every 15 minutes since Monday",
        "third try at 9am, the 3rd time this week",
        "mailbox is 50GB and over quota by 10%",
        "Windows 11 laptop with Microsoft 365 on 4G",
        "the iPhone will not sync, e.g. mail and calendar",
        "Wi-Fi in the meeting room keeps cutting out",
        "over 100 people cannot log in",
        "printer problem number 12 for jane.smith",
        "I can't get into my computer because I typed the wrong credentials too many times",
        "",
    ])
    func everydayWords(text: String) {
        #expect(IdentifierTokens.find(in: text) == [])
        #expect(!IdentifierTokens.occur(in: text))
    }
}
