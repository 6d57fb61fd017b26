import Testing

@Test func haloSimTestsBuilds() {}
