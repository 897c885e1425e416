package io.atrium.sdk.view;

/** A template or a binding in it does not parse; the message says where. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
