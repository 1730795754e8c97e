package io.heal8s.fakegithub;

/**
 * Who called the fake: a user (static token) or an app installation (installation token).
 *
 * @param login the login (an installation acts as {@code <app-slug>[bot]})
 * @param installation whether the token is an installation token
 */
record Caller(String login, boolean installation) {
}
