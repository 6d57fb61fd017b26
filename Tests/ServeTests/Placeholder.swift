import Testing

@Test func serveTestsBuilds() {}
