import Foundation
@testable import HMCPServe
import MCP
import Testing

/// The tool surface is the model's documentation: every tool's `tools/list` JSON is committed under
/// `__toolsnaps__/` and this test fails when it changes. After a deliberate change, rerun with
/// `UPDATE_TOOLSNAPS=1` and commit the new snapshots.
@Suite struct ToolSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("__toolsnaps__")

    @Test(arguments: ToolTable.standard.tools.map(\.name))
    func toolMatchesItsSnapshot(name: String) throws {
        let tool = try #require(ToolTable.standard.tool(named: name))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(tool.tool), as: UTF8.self) + "\n"
        let file = Self.directory.appendingPathComponent("\(name).json")
        if ProcessInfo.processInfo.environment["UPDATE_TOOLSNAPS"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try json.write(to: file, atomically: true, encoding: .utf8)
        }
        let snapshot = try String(contentsOf: file, encoding: .utf8)
        #expect(json == snapshot, "tools/list entry of \(name) changed; rerun with UPDATE_TOOLSNAPS=1 if intended")
    }

    @Test func everySnapshotBelongsToATool() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(ToolTable.standard.tools.map { "\($0.name).json" }))
    }

    @Test func everyToolFollowsTheContract() {
        for tool in ToolTable.standard.tools {
            #expect(ToolDefinition.isValidName(tool.name))
            #expect(tool.inputSchema.objectValue?["type"] == "object")
            #expect(tool.inputSchema.objectValue?["additionalProperties"] == false)
            #expect(tool.outputSchema.objectValue?["type"] == "object")
            #expect(tool.annotations.readOnlyHint != nil && tool.annotations.destructiveHint != nil)
            #expect(tool.annotations.idempotentHint != nil && tool.annotations.openWorldHint != nil)
            #expect(!tool.title.isEmpty && tool.description.count > 40)
        }
    }

    @Test func everyIntegerArgumentIsBounded() {
        for tool in ToolTable.standard.tools {
            for (name, property) in tool.inputSchema.objectValue?["properties"]?.objectValue ?? [:]
            where property.objectValue?["type"] == "integer" {
                let rules = property.objectValue ?? [:]
                #expect(rules["minimum"]?.intValue != nil, "\(tool.name).\(name) has no minimum")
                #expect(rules["maximum"]?.intValue.map { $0 <= Int(Int32.max) } == true, "\(tool.name).\(name) has no 32-bit maximum")
            }
        }
    }

    @Test func theHaloPSAToolsAreAllThereReadingOnesFirst() {
        let names = ToolTable.standard.tools.map(\.name)
        #expect(Set(names).isSuperset(of: [
            "get_me", "list_tickets", "search_tickets", "get_ticket", "create_ticket", "update_ticket", "list_actions",
            "create_action", "get_available_actions", "execute_workflow_action", "list_statuses", "list_teams",
            "list_ticket_types", "get_client", "get_ticket_assets",
        ]))
        let readOnly = ToolTable.standard.tools.map(\.isReadOnly)
        #expect(readOnly == readOnly.sorted { $0 && !$1 }, "every reading tool comes before every writing one")
        #expect(ToolTable.standard.tools.filter { !$0.isReadOnly }.map(\.name).prefix(4) == [
            "create_ticket", "update_ticket", "create_action", "execute_workflow_action",
        ])
    }
}
