#include "tools/seed/seed_text.hpp"

#include <span>
#include <vector>

namespace storage::seed {

namespace {

using words = std::span<const char* const>;

constexpr const char* topic_list[] = {
    "vibration sensors",    "OPC UA servers",       "MQTT brokers",        "PLC firmware updates",
    "edge gateways",        "historian data",       "anomaly detection",   "energy meters",
    "thermal cameras",      "LoRaWAN sensors",      "digital twins",       "SCADA alarms",
    "time-series storage",  "network segmentation", "OEE dashboards",      "spare-part forecasting",
};

constexpr const char* asset_list[] = {
    "CNC mills",      "injection moulding machines", "compressors",   "conveyor lines",
    "pumps",          "wind turbines",               "boilers",       "robot cells",
    "packaging lines", "heat exchangers",            "chillers",      "transformers",
};

constexpr const char* verb_list[] = {
    "monitor", "secure", "retrofit", "scale", "calibrate", "integrate", "benchmark", "troubleshoot",
};

constexpr const char* title_templates[] = {
    "How do you {verb} {topic} on older {asset}?",
    "{Topic}: what worked for us on {asset}",
    "Looking for advice on {topic} for {asset}",
    "Lessons from {n} months of {topic}",
    "Is anyone using {topic} to {verb} {asset}?",
    "Best way to {verb} {topic}?",
    "{Topic} versus manual rounds on {asset}",
    "Our {topic} rollout, {n} sites later",
};

constexpr const char* post_sentences[] = {
    "We run about {n} {asset} across two plants and want to {verb} them without a full rebuild.",
    "Our current setup collects {topic} data every few seconds, but nobody looks at it.",
    "The vendor suggests a cloud service, while the OT team prefers keeping everything on site.",
    "Budget is limited, so we are looking at open-source tools first.",
    "Has anyone measured the real cost of {topic} per asset?",
    "The pilot on {n} {asset} went well, and now management wants a plan for the whole site.",
    "Latency is not critical for us; reliability and simple maintenance are.",
    "We had {n} unplanned stops last quarter, most of them on {asset}.",
    "Security asked us to document every connection between the plant network and the office.",
    "I would love to hear what failed for you, not only what worked.",
    "Any pointers to standards or reference architectures are welcome.",
    "Our maintenance team is small, so whatever we choose has to be easy to operate.",
};

constexpr const char* reply_sentences[] = {
    "We had the same problem and solved it with a small edge gateway per line.",
    "Start with a handful of {asset} and prove the value before scaling.",
    "Check the sampling rate first; most of our false alarms came from aliasing.",
    "We {verb} {topic} with open-source tools and it has been stable for {n} months.",
    "Talk to your OT security team early, it saves months later.",
    "Thanks, this is really helpful.",
    "Do you have numbers on the downtime before and after?",
    "We tried that and went back: the maintenance effort was too high.",
    "A digital twin was overkill for us; simple thresholds caught most issues.",
    "Have a look at the IEC 62443 zones and conduits model.",
    "+1, same experience here with {asset}.",
    "Document the tag naming convention before you connect anything.",
};

constexpr const char* outcome_list[] = {
    "Predictive maintenance",    "Energy monitoring",     "Remote condition monitoring",
    "Visual quality inspection", "Leak detection",        "Asset tracking",
    "OEE visibility",            "Water quality monitoring", "Cold-chain monitoring",
};

constexpr const char* result_sentences[] = {
    "Unplanned downtime fell by {pct}% within {n} months.",
    "Energy use dropped by {pct}% after the first optimisation round.",
    "Scrap rates went down by {pct}% once operators saw the live data.",
    "The system now watches {n} {asset} with two people on call.",
    "Payback came after {n} months, faster than planned.",
    "Alerts reach the maintenance team in seconds instead of the next shift.",
};

std::string capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z')
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// `tmpl` with {topic}, {Topic}, {asset}, {verb}, {n}, {pct} replaced by drawn values.
std::string fill(rng& r, std::string_view tmpl) {
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    const size_t open = tmpl.find('{', i);
    out.append(tmpl.substr(i, open - i));
    if (open == std::string_view::npos)
      break;
    const size_t close = tmpl.find('}', open);
    const std::string_view key = tmpl.substr(open + 1, close - open - 1);
    if (key == "topic" || key == "Topic") {
      std::string topic = r.pick(words(topic_list));
      out += key == "Topic" ? capitalized(std::move(topic)) : topic;
    } else if (key == "asset") {
      out += r.pick(words(asset_list));
    } else if (key == "verb") {
      out += r.pick(words(verb_list));
    } else if (key == "n") {
      out += std::to_string(r.between(2, 36));
    } else if (key == "pct") {
      out += std::to_string(r.between(5, 45));
    }
    i = close + 1;
  }
  return out;
}

// `count` sentences drawn from `pool`, space-separated.
std::string sentences(rng& r, words pool, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0)
      out += ' ';
    out += fill(r, r.pick(pool));
  }
  return out;
}

}  // namespace

std::string post_title(rng& r) { return fill(r, r.pick(words(title_templates))); }

std::string post_content(rng& r) {
  const int paragraphs = static_cast<int>(r.between(1, 4));
  std::string out;
  for (int p = 0; p < paragraphs; ++p) {
    if (p > 0)
      out += "\n\n";
    out += sentences(r, words(post_sentences), static_cast<int>(r.between(2, 5)));
  }
  return out;
}

std::string reply_content(rng& r) {
  return sentences(r, words(reply_sentences), static_cast<int>(r.between(1, 3)));
}

std::string use_case_title(rng& r, std::string_view city) {
  return std::string(r.pick(words(outcome_list))) + " for " + r.pick(words(asset_list)) + " in " +
         std::string(city);
}

std::string use_case_description(rng& r, std::string_view industry) {
  std::string out = "A " + std::string(industry) + " site connected its " +
                    r.pick(words(asset_list)) + " and started to " + r.pick(words(verb_list)) +
                    " " + r.pick(words(topic_list)) + ".";
  out += ' ';
  out += sentences(r, words(result_sentences), static_cast<int>(r.between(1, 3)));
  return out;
}

std::string bio(rng& r, std::string_view job_title, std::string_view industry,
                std::string_view expertise) {
  return std::string(job_title) + " in " + std::string(industry) + " with " +
         std::to_string(r.between(2, 30)) + " years of experience. Currently working on " +
         std::string(expertise) + " and happy to compare notes.";
}

}  // namespace storage::seed
