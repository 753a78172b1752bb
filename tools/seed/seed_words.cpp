#include "tools/seed/seed_words.hpp"

namespace storage::seed {

namespace {

constexpr name first[] = {
    {"Ada", "ada"},         {"Amara", "amara"},     {"Björn", "bjorn"},     {"Carlos", "carlos"},
    {"Chen", "chen"},       {"Chiara", "chiara"},   {"Daniel", "daniel"},   {"Dmitri", "dmitri"},
    {"Elif", "elif"},       {"Emma", "emma"},       {"Fatima", "fatima"},   {"François", "francois"},
    {"Grace", "grace"},     {"Hiroshi", "hiroshi"}, {"Ingrid", "ingrid"},   {"Isabel", "isabel"},
    {"Jae-won", "jaewon"},  {"James", "james"},     {"Kwame", "kwame"},     {"Lars", "lars"},
    {"Leila", "leila"},     {"Lucía", "lucia"},     {"Mateo", "mateo"},     {"Mei", "mei"},
    {"Nikolai", "nikolai"}, {"Noah", "noah"},       {"Olga", "olga"},       {"Oskar", "oskar"},
    {"Priya", "priya"},     {"Rafael", "rafael"},   {"Sakura", "sakura"},   {"Siddharth", "siddharth"},
    {"Sofia", "sofia"},     {"Søren", "soren"},     {"Tariq", "tariq"},     {"Thandiwe", "thandiwe"},
    {"Tomasz", "tomasz"},   {"Valentina", "valentina"}, {"Yusuf", "yusuf"}, {"Zoë", "zoe"},
};

constexpr name last[] = {
    {"Andersson", "andersson"}, {"Bauer", "bauer"},     {"Costa", "costa"},
    {"Dubois", "dubois"},       {"Eriksen", "eriksen"}, {"Fernández", "fernandez"},
    {"García", "garcia"},       {"Haddad", "haddad"},   {"Ivanova", "ivanova"},
    {"Jensen", "jensen"},       {"Kim", "kim"},         {"Kowalski", "kowalski"},
    {"Lee", "lee"},             {"Mensah", "mensah"},   {"Müller", "muller"},
    {"Nakamura", "nakamura"},   {"Nguyen", "nguyen"},   {"Novák", "novak"},
    {"O'Connor", "oconnor"},    {"Okafor", "okafor"},   {"Patel", "patel"},
    {"Petrov", "petrov"},       {"Quispe", "quispe"},   {"Rossi", "rossi"},
    {"Santos", "santos"},       {"Schmidt", "schmidt"}, {"Silva", "silva"},
    {"Singh", "singh"},         {"Tanaka", "tanaka"},   {"Van der Berg", "vanderberg"},
    {"Virtanen", "virtanen"},   {"Wang", "wang"},       {"Weber", "weber"},
    {"Yamamoto", "yamamoto"},   {"Yılmaz", "yilmaz"},   {"Zhang", "zhang"},
};

constexpr const char* industry_list[] = {
    "Automotive",        "Aerospace",        "Chemicals",           "Energy & Utilities",
    "Food & Beverage",   "Logistics",        "Mining",              "Oil & Gas",
    "Pharmaceuticals",   "Semiconductors",   "Steel & Metals",      "Water & Wastewater",
    "Agriculture",       "Pulp & Paper",     "Rail & Transport",    "Discrete Manufacturing",
};

constexpr const char* expertise_list[] = {
    "OPC UA",           "MQTT",                   "PLC programming",      "SCADA",
    "Vibration analysis", "Machine learning",     "Edge computing",       "Industrial networking",
    "IEC 62443 security", "Digital twins",        "Time-series databases", "Computer vision",
    "Robotics",         "Energy management",      "Lean manufacturing",   "Functional safety",
    "Embedded C/C++",   "Cloud architecture",     "Data engineering",     "Sensor design",
    "LoRaWAN",          "Private 5G",             "MES integration",      "Asset management",
    "Reliability engineering", "Process control", "Kubernetes at the edge", "Condition monitoring",
    "Thermal imaging",  "Power electronics",
};

constexpr const char* category_list[] = {
    "General",          "Predictive Maintenance", "Connectivity & Protocols", "Edge Computing",
    "Security",         "Data & Analytics",       "Digital Twins",            "Hardware & Sensors",
    "Careers & Events",
};

constexpr const char* tag_list[] = {
    "opc-ua",      "mqtt",         "modbus",       "lorawan",     "5g",           "edge",
    "ml",          "anomaly-detection", "vibration", "plc",       "scada",        "digital-twin",
    "kafka",       "timeseries",   "grafana",      "node-red",    "iec-62443",    "retrofit",
    "energy",      "oee",          "condition-monitoring", "predictive-maintenance", "sensors",
    "gateway",     "kubernetes",   "rust",         "python",      "cpp",          "zigbee",
    "computer-vision", "safety",   "help-wanted",
};

constexpr const char* job_title_list[] = {
    "Automation engineer", "Reliability engineer", "Data scientist",    "Plant manager",
    "OT security lead",    "Controls engineer",    "IIoT architect",    "Maintenance lead",
    "Process engineer",    "Product owner",        "Field service engineer", "Researcher",
};

}  // namespace

std::span<const name> first_names() { return first; }
std::span<const name> last_names() { return last; }
std::span<const char* const> industries() { return industry_list; }
std::span<const char* const> expertise_areas() { return expertise_list; }
std::span<const char* const> categories() { return category_list; }
std::span<const char* const> tags() { return tag_list; }
std::span<const char* const> job_titles() { return job_title_list; }

}  // namespace storage::seed
