package dev.cspwebsocket.demo;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who is logged in, for the pages to offer what the user may open: a refused handshake or
 * request shows as an error in the browser's console.
 *
 * @author csp-websocket-spring-boot
 */
@RestController
class AccountController {

	@GetMapping("/me")
	Account me(@Nullable Principal principal) {
		if (!(principal instanceof Authentication authentication)) {
			return new Account(null, false);
		}
		boolean admin = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch("ROLE_ADMIN"::equals);
		return new Account(authentication.getName(), admin);
	}

	/**
	 * The user of the request.
	 *
	 * @param name the user name, or {@code null} when nobody is logged in
	 * @param admin whether the user may see the status
	 */
	record Account(@Nullable String name, boolean admin) {
	}

}
