// The handlers that every owned MongoDB resource (forum posts, use cases) shares: create one,
// read one by its id, change it, delete it, writes only by its owner or an admin. The order of checks is the
// forum's (forum.cpp): 401, a malformed id (404), the resource and who may change it
// (404, 403), the body (415, 400, 422), the store.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "http/routes/exchange.hpp"
#include "http/routes/guards.hpp"

namespace http {

// Who owns the resource `id` (its author, its submitter); nullopt after the answer (404, 5xx)
// has been given.
using owner_lookup = std::function<std::optional<std::string>(exchange&, const std::string& id)>;

// The {id} of the path when the caller may change that resource; nullopt after a 404 or 403.
std::optional<std::string> writable_id(exchange& ex, const principal& who, const owner_lookup& owner_of);

// POST to the collection: parse(body) gives the new resource, whose `owner` member becomes the
// caller; 201 with render(T) and its Location.
template <class T, class Repo, class Parse, class Owner, class Render>
void create_owned(exchange& ex, const Repo& repo, Parse parse, Owner owner, Render render,
                  const std::string& collection_path) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto body = ex.json_body();
  if (!body)
    return;
  auto req = parse(*body);
  if (!ex.check(req))
    return;
  req.value.*owner = who->user_id;
  const auto created = ex.ask<T>(repo, actors::create_atom::value, std::move(req.value));
  if (!created)
    return;
  ex.header("Location", collection_path + "/" + created->id);
  ex.reply(201, render(*created));
}

// GET .../{id}: 200 with render(T).
template <class T, class Repo, class Render>
void get_owned(exchange& ex, const Repo& repo, Render render) {
  if (!ex.authenticate())
    return;
  const auto id = object_id_param(ex, 1);
  if (!id)
    return;
  if (const auto found = ex.ask<T>(repo, actors::get_atom::value, *id))
    ex.reply(200, render(*found));
}

// PATCH .../{id}: parse(body) gives a checked patch; 200 with render(T) after the change.
template <class T, class Repo, class Parse, class Render>
void patch_owned(exchange& ex, const Repo& repo, const owner_lookup& owner_of, Parse parse, Render render) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto id = writable_id(ex, *who, owner_of);
  if (!id)
    return;
  const auto body = ex.json_body();
  if (!body)
    return;
  auto patch = parse(*body);
  if (!ex.check(patch))
    return;
  if (const auto updated = ex.ask<T>(repo, actors::update_atom::value, *id, std::move(patch.value)))
    ex.reply(200, render(*updated));
}

// DELETE .../{id}: 204.
template <class Repo>
void delete_owned(exchange& ex, const Repo& repo, const owner_lookup& owner_of) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto id = writable_id(ex, *who, owner_of);
  if (id && ex.ask<actors::ok_atom>(repo, actors::delete_atom::value, *id))
    ex.no_content();
}

}  // namespace http
