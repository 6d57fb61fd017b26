import Testing

@Test func embeddingTestsBuilds() {}
