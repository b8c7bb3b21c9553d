/** SHA-256 and lowercase hex, shared by every other package. */
package org.tmsct.core.hash;
