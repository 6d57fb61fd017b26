/// Word lists for people, organisations and places in generated data.
enum Names {
    static let firstNames = [
        "Aisha", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hamish", "Isla", "Jamal", "Katie", "Liam",
        "Maya", "Nikhil", "Olivia", "Patrick", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vanessa", "Will", "Xena",
        "Yusuf", "Zoe", "Adam", "Bethany", "Callum", "Deepa", "Ethan", "Fiona", "Gareth", "Hannah", "Ivan", "Jess",
        "Kwame", "Lucy", "Marcus", "Niamh", "Oscar", "Priya", "Rhys", "Sophie", "Tom", "Ursula", "Victor", "Wendy",
        "Alfie", "Brooke", "Connor", "Darcy", "Emeka", "Freya", "George", "Holly", "Imran", "Jade", "Kieran", "Leah",
    ]
    static let surnames = [
        "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis",
        "Morgan", "Novak", "O'Brien", "Patel", "Quinn", "Robinson", "Singh", "Taylor", "Usman", "Vaughan", "Walsh",
        "Young", "Zielinski", "Armstrong", "Bennett", "Campbell", "Doyle", "Ellis", "Foster", "Gallagher", "Harris",
        "Ingram", "Jackson", "Kowalski", "Lindqvist", "Murphy", "Nguyen", "Owens", "Price", "Reid", "Shaw", "Thomas",
        "Underwood", "Vasquez", "Watson", "Yates", "Abbott", "Brennan", "Chowdhury", "Dixon", "Edwards", "Fletcher",
    ]
    static let clientStems = [
        "Acme", "Northwind", "Bluebell", "Harbour", "Kestrel", "Meridian", "Oakfield", "Pinnacle", "Riverside",
        "Sterling", "Thornbury", "Westbrook", "Ashdown", "Beacon", "Cobalt", "Driftwood", "Evergreen", "Falcon",
        "Granite", "Highland", "Ironbridge", "Juniper", "Lakeside", "Millstone", "Nimbus", "Orchard", "Peregrine",
        "Quayside", "Redwood", "Silverline", "Tidewater", "Upland", "Vanguard", "Willow", "Yarrow", "Zenith",
        "Amberley", "Brightwater", "Clearview", "Dunmore", "Elmstead", "Foxglove", "Greystone", "Hollybank",
    ]
    static let clientKinds = [
        ("Logistics", "Ltd"), ("Dental Group", ""), ("Accountants", "LLP"), ("Engineering", "Ltd"),
        ("Health Trust", ""), ("Legal", "LLP"), ("Manufacturing", "plc"), ("Academy", ""), ("Estates", "Ltd"),
        ("Veterinary Practice", ""), ("Architects", ""), ("Foods", "Ltd"), ("Housing Association", ""),
        ("Insurance Brokers", "Ltd"), ("Hotels", "Group"), ("Charity", ""), ("Recruitment", "Ltd"), ("Media", "Ltd"),
    ]
    static let cities = [
        "Leeds", "Bristol", "Manchester", "Glasgow", "Cardiff", "Norwich", "York", "Belfast", "Leicester",
        "Brighton", "Exeter", "Aberdeen", "Reading", "Derby", "Oxford", "Sheffield", "Swansea", "Dundee",
    ]
}
