import Testing

@Test func searchTestsBuilds() {}
