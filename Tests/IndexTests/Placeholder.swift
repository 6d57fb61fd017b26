import Testing

@Test func indexTestsBuilds() {}
