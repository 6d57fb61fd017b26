import Testing

@Test func haloClientTestsBuilds() {}
